package org.scx4j.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running in the background in the guest (a scheduler, a load
 * generator) while the test runs other commands: its pid, its output so far, a
 * way to signal it, and its result once it ends.
 */
public final class Spawned {

    private static final Duration KILL_GRACE = Duration.ofSeconds(15);

    private final Vm vm;
    private final String id;
    private final List<String> argv;
    private final AgentLink.Pending pending;
    private final Path out;
    private final Path err;

    Spawned(Vm vm, String id, List<String> argv, AgentLink.Pending pending, Path ctl) {
        this.vm = vm;
        this.id = id;
        this.argv = argv;
        this.pending = pending;
        this.out = ctl.resolve(id + ".out");
        this.err = ctl.resolve(id + ".err");
    }

    /** The command's pid in the guest (waits briefly for the guest to start it). */
    public long pid() {
        return get(pending.pid().orTimeout(1, TimeUnit.MINUTES), "its pid");
    }

    /** Sends a signal by name ("INT", "TERM", "STOP", "CONT", "KILL"; "SIG" prefix allowed). */
    public void signal(String name) {
        String sig = name.startsWith("SIG") ? name.substring(3) : name;
        if (!sig.matches("[A-Z0-9]+")) throw new IllegalArgumentException("not a signal name: " + name);
        vm.agent().send("SIG " + pid() + " " + sig);
    }

    /** What the command has written to standard output so far. */
    public String outputSoFar() {
        return read(out);
    }

    /** What the command has written to standard error so far. */
    public String errorSoFar() {
        return read(err);
    }

    public boolean isDone() {
        return pending.exit().isDone();
    }

    /**
     * Waits for the command to end. When it does not end within timeout, kills its
     * process group and throws {@link CommandTimeoutException}; the VM stays usable.
     */
    public Result await(Duration timeout) {
        try {
            int code = pending.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return finish(code);
        } catch (TimeoutException e) {
            vm.agent().send("KILL " + pid());
            int code = get(pending.exit().orTimeout(KILL_GRACE.toSeconds(), TimeUnit.SECONDS), "its end after the kill");
            throw new CommandTimeoutException(String.join(" ", argv), timeout, finish(code), vm.consoleTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while waiting for: " + String.join(" ", argv), e);
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    /**
     * Like {@link #await} but copies the command's stdout and stderr to out and err
     * as they appear (polled from the control share), for a person watching.
     */
    public Result follow(Duration timeout, OutputStream toOut, OutputStream toErr) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] offsets = new long[2];
        try {
            while (!pending.exit().isDone() && System.nanoTime() < deadline) {
                copyNew(toOut, toErr, offsets);
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while waiting for: " + String.join(" ", argv), e);
        }
        boolean timedOut = !pending.exit().isDone();
        if (timedOut) vm.agent().send("KILL " + pid());
        int code = get(pending.exit().orTimeout(KILL_GRACE.toSeconds(), TimeUnit.SECONDS), "its end");
        copyNew(toOut, toErr, offsets);
        Result r = finish(code);
        if (timedOut) throw new CommandTimeoutException(String.join(" ", argv), timeout, r, vm.consoleTail());
        return r;
    }

    private void copyNew(OutputStream toOut, OutputStream toErr, long[] offsets) {
        offsets[0] = copyFrom(out, offsets[0], toOut);
        offsets[1] = copyFrom(err, offsets[1], toErr);
    }

    private static long copyFrom(Path file, long offset, OutputStream to) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            byte[] buf = new byte[65536];
            for (int n; (n = f.read(buf)) > 0; ) {
                to.write(buf, 0, n);
                offset += n;
            }
            to.flush();
        } catch (IOException e) {
            // not created yet, or the reader went away: try again on the next poll
        }
        return offset;
    }

    private Result finish(int code) {
        Result r = new Result(code, read(out), read(err));
        vm.agent().forget(id);
        for (String suffix : new String[] {".sh", ".out", ".err"}) {
            try {
                Files.deleteIfExists(out.resolveSibling(id + suffix));
            } catch (IOException ignored) {
                // the run folder is removed with the VM anyway
            }
        }
        return r;
    }

    private <T> T get(java.util.concurrent.CompletableFuture<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new VmException("the guest did not report " + what + " for: " + String.join(" ", argv), vm.consoleTail(), null);
            }
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new VmException(e.getCause().toString(), e.getCause());
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
