package org.scx4j.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The host end of the guest agent's virtio port (a unix socket qemu listens on):
 * sends one request a line and routes each answer (READY, PID, EXIT) to whoever
 * waits for it. When the link drops (qemu exited), every waiter fails with the
 * reason the VM gives.
 */
final class AgentLink implements AutoCloseable {

    /** What a started command reports: its guest pid, then its exit status. */
    record Pending(CompletableFuture<Long> pid, CompletableFuture<Integer> exit) {
        Pending() {
            this(new CompletableFuture<>(), new CompletableFuture<>());
        }
    }

    private final SocketChannel channel;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Supplier<VmException> whyGone;
    private volatile VmException gone;

    private AgentLink(SocketChannel channel, Supplier<VmException> whyGone) {
        this.channel = channel;
        this.whyGone = whyGone;
    }

    /** Connects to the socket (retrying while qemu creates it) and starts reading answers. */
    static AgentLink connect(Path socket, QemuProcess qemu, long deadlineNanos, Supplier<VmException> whyGone)
            throws InterruptedException {
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                AgentLink link = new AgentLink(ch, whyGone);
                Thread.ofPlatform().daemon().name("scx4j-vm-agent").start(link::readAnswers);
                return link;
            } catch (IOException e) {
                if (!qemu.alive() || System.nanoTime() > deadlineNanos) throw whyGone.get();
                Thread.sleep(20);
            }
        }
    }

    CompletableFuture<String> ready() {
        return ready;
    }

    /** Registers id, then sends line (e.g. "RUN id"). */
    Pending start(String id, String line) {
        Pending p = new Pending();
        pending.put(id, p);
        send(line);
        return p;
    }

    void forget(String id) {
        pending.remove(id);
    }

    synchronized void send(String line) {
        if (gone != null) throw gone;
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (b.hasRemaining()) channel.write(b);
        } catch (IOException e) {
            throw new VmException("cannot reach the guest agent: " + e.getMessage(), e);
        }
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) dispatch(line.strip().split(" ", 3));
        } catch (IOException ignored) {
            // the link dropped: handled below like end of stream
        }
        gone = whyGone.get();
        ready.completeExceptionally(gone);
        pending.values().forEach(p -> {
            p.pid().completeExceptionally(gone);
            p.exit().completeExceptionally(gone);
        });
    }

    private void dispatch(String[] f) {
        switch (f[0]) {
            case "READY" -> ready.complete(f.length > 1 ? f[1] : "");
            case "PID" -> with(f, p -> p.pid().complete(Long.parseLong(f[2])));
            case "EXIT" -> with(f, p -> p.exit().complete(Integer.parseInt(f[2])));
            default -> { } // unknown answers are from a newer agent; ignore
        }
    }

    private void with(String[] f, java.util.function.Consumer<Pending> action) {
        if (f.length < 3) return;
        Pending p = pending.get(f[1]);
        if (p != null) action.accept(p);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a dead socket: nothing to recover
        }
    }
}
