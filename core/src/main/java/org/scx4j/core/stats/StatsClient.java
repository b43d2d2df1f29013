package org.scx4j.core.stats;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client of the stats protocol, for {@code --monitor} and {@code scx4j monitor}:
 * connects to a scheduler's socket (optionally waiting until it appears, since a
 * monitor is often started before the scheduler), sends one request line and
 * reads one answer line. Works against any server of the protocol, ours or upstream's.
 */
public final class StatsClient implements AutoCloseable {

    /** Answers longer than this are refused, so a broken server cannot exhaust memory. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    private static final int BACKLOG_RETRIES = 200;

    private final Path socket;
    private final SocketChannel channel;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(8192);

    private StatsClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        readBuffer.flip();
    }

    /**
     * Connects now.
     *
     * @throws StatsException when nothing serves the path (with what to do)
     */
    public static StatsClient connect(Path socket) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new StatsClient(socket, SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            } catch (IOException e) {
                // EAGAIN: the server's accept backlog is full for a moment (seen from virtual threads,
                // whose sockets are non-blocking underneath); a short retry gets through.
                if (attempt < BACKLOG_RETRIES && String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                    pause();
                    continue;
                }
                throw new StatsException("cannot connect to the stats socket " + socket + ": " + e
                        + " (is a scheduler running? pass its socket path if it is not the default)", e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Connects, retrying every {@code retry} until a server accepts; {@code waiting}
     * hears once why it waits. Interrupting the thread ends the wait.
     */
    public static StatsClient connectWaiting(Path socket, Duration retry, Consumer<String> waiting)
            throws InterruptedException {
        boolean told = false;
        while (true) {
            try {
                return connect(socket);
            } catch (StatsException e) {
                if (!told) {
                    waiting.accept("waiting for a scheduler to serve stats on " + socket);
                    told = true;
                }
                Thread.sleep(retry);
            }
        }
    }

    public Path socket() {
        return socket;
    }

    /** The current values ({@code stats}, target {@code top}); counters since this client's previous request. */
    public Map<String, Object> stats() {
        return asMap(request("stats", Map.of("target", "top")));
    }

    /** The metric descriptions ({@code stats_meta}). */
    public Map<String, Object> meta() {
        return asMap(request("stats_meta", Map.of()));
    }

    /**
     * Sends one request and returns its {@code resp}.
     *
     * @throws StatsException with the server's errno when it refuses, or errno 0 when the connection fails
     */
    public Object request(String req, Map<String, String> args) {
        var request = new LinkedHashMap<String, Object>();
        request.put("req", req);
        request.put("args", args);
        try {
            return answerOf(exchange(JSON.std.asString(request)));
        } catch (IOException e) {
            throw new StatsException("stats request to " + socket + " failed: " + e, e);
        }
    }

    /** Sends one raw line (a newline is added) and returns the raw answer line; for tests and tools. */
    public String exchange(String line) throws IOException {
        var out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return readLine();
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            while (readBuffer.hasRemaining()) {
                byte b = readBuffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > MAX_ANSWER_BYTES) {
                throw new IOException("answer longer than " + MAX_ANSWER_BYTES + " bytes");
            }
            readBuffer.clear();
            int n = channel.read(readBuffer);
            readBuffer.flip();
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
        }
    }

    private Object answerOf(String line) throws IOException {
        if (!(JSON.std.anyFrom(line) instanceof Map<?, ?> answer) || !(answer.get("errno") instanceof Number errno)) {
            throw new StatsException(StatsException.EINVAL, "not a stats answer: " + line);
        }
        Object resp = answer.get("args") instanceof Map<?, ?> args ? args.get("resp") : null;
        if (errno.intValue() != 0) {
            throw new StatsException(errno.intValue(), "the server refused the request (errno " + errno + "): " + resp);
        }
        return resp;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object resp) {
        if (resp instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new StatsException(StatsException.EINVAL, "expected a JSON object in resp, got: " + resp);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a connection the server may have dropped.
        }
    }
}
