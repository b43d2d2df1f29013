package org.scx4j.core.stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connected client of the stats server, driven by the server's selector
 * thread and never blocking it: reads are split into lines with a hard cap on
 * the line length (a longer line is skipped up to its newline and reported
 * once), and answers queue in memory only up to a bound, beyond which the
 * server stops reading this client's requests until it drains its answers.
 */
final class ClientConnection {

    private static final int READ_CHUNK = 8192;

    private final SocketChannel channel;
    private final StatsSession session;
    private final int maxRequestBytes;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean skippingLongLine;
    private long lastActive = System.nanoTime();

    ClientConnection(SocketChannel channel, StatsSession session, int maxRequestBytes) {
        this.channel = channel;
        this.session = session;
        this.maxRequestBytes = maxRequestBytes;
    }

    SocketChannel channel() {
        return channel;
    }

    StatsSession session() {
        return session;
    }

    long lastActive() {
        return lastActive;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    /** What one read produced: the complete request lines, whether a too-long line ended, and end of stream. */
    record Input(List<String> lines, int tooLongLines, boolean endOfStream) {}

    /** Reads what is available (at most one chunk) and splits it into request lines. */
    Input read() throws IOException {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            return new Input(List.of(), 0, true);
        }
        lastActive = System.nanoTime();
        var lines = new ArrayList<String>();
        int tooLong = 0;
        byte[] bytes = readBuffer.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (skippingLongLine) {
                skippingLongLine = false;
                tooLong++;
            } else if (line.size() + (i - start) > maxRequestBytes) {
                tooLong++;
                line.reset();
            } else {
                line.write(bytes, start, i - start);
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            start = i + 1;
        }
        if (!skippingLongLine && start < n) {
            if (line.size() + (n - start) > maxRequestBytes) {
                // Keep nothing of an oversized line: memory per client stays bounded.
                skippingLongLine = true;
                line.reset();
            } else {
                line.write(bytes, start, n - start);
            }
        }
        return new Input(lines, tooLong, false);
    }

    /** Queues one answer line and writes as much as the socket takes now. */
    void send(String answer) throws IOException {
        byte[] bytes = (answer + "\n").getBytes(StandardCharsets.UTF_8);
        pending.add(ByteBuffer.wrap(bytes));
        pendingBytes += bytes.length;
        flush();
    }

    /** Writes queued answers until the socket would block; true when nothing is left. */
    boolean flush() throws IOException {
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            int written = channel.write(head);
            pendingBytes -= written;
            if (head.hasRemaining()) {
                return false;
            }
            pending.poll();
        }
        return true;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket the client already dropped: nothing to report.
        }
        pending.clear();
        pendingBytes = 0;
    }
}
