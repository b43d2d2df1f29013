package org.scx4j.core.stats;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a scheduler's metrics on a Unix socket in the upstream stats protocol,
 * so the upstream monitors and plain scripts read scx4j schedulers unchanged.
 * One selector thread serves every client without ever blocking on one: each
 * connection has its own {@link StatsSession} (its own deltas), request lines
 * are capped, queued answers are bounded, and at the client limit the
 * longest-idle connection makes room for the new one. Closing the server
 * closes every connection and removes the socket file.
 */
public final class StatsServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatsServer.class.getName());
    private static final int EIO = 5;
    private static final int ACCEPTS_PER_ROUND = 16;

    private final StatsServerOptions options;
    private final MetricSet metrics;
    private final StatsSource source;
    private final StatsProtocol protocol;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Set<ClientConnection> clients = new HashSet<>();
    private final Thread thread;
    private volatile boolean open = true;

    private StatsServer(StatsServerOptions options, MetricSet metrics, StatsSource source) throws IOException {
        this.options = options;
        this.metrics = metrics;
        this.source = source;
        this.protocol = new StatsProtocol(metrics);
        this.listener = SocketFile.bind(options.socket(), options.group(), options.maxClients());
        try {
            this.selector = Selector.open();
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            Files.deleteIfExists(options.socket());
            throw e;
        }
        this.thread = Thread.ofPlatform().daemon().name("scx4j-stats").unstarted(this::serve);
    }

    /**
     * Creates the socket and starts serving.
     *
     * @throws StatsException when the socket cannot be created (with the reason and what to do)
     */
    public static StatsServer start(StatsServerOptions options, MetricSet metrics, StatsSource source) {
        StatsServer server;
        try {
            server = new StatsServer(options, metrics, source);
        } catch (IOException e) {
            throw new StatsException("cannot serve stats on " + options.socket() + ": " + e, e);
        }
        server.thread.start();
        return server;
    }

    /** The socket path clients connect to. */
    public Path socket() {
        return options.socket();
    }

    /** The metrics this server describes. */
    public MetricSet metrics() {
        return metrics;
    }

    /** How many clients are connected right now (read from any thread; approximate while changing). */
    public int clientCount() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private void serve() {
        try {
            while (open) {
                selector.select();
                var ready = selector.selectedKeys();
                for (var key : ready) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.attachment() instanceof ClientConnection client) {
                        serve(key, client);
                    }
                }
                ready.clear();
            }
        } catch (ClosedSelectorException e) {
            // close() won the race; the loop is over.
        } catch (IOException | RuntimeException e) {
            if (open) {
                LOG.log(Level.SEVERE, "stats server stopped: " + e, e);
            }
        } finally {
            closeClients();
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        // A few per round, so hang-ups of earlier clients are reaped before the limit forces an eviction.
        for (int i = 0; i < ACCEPTS_PER_ROUND && (channel = listener.accept()) != null; i++) {
            if (clientCount() >= options.maxClients()) {
                evictLongestIdle();
            }
            ClientConnection client;
            try {
                channel.configureBlocking(false);
                client = new ClientConnection(channel, new StatsSession(metrics, source), options.maxRequestBytes());
                channel.register(selector, SelectionKey.OP_READ, client);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "stats client dropped at connect: " + e);
                channel.close();
                continue;
            }
            synchronized (clients) {
                clients.add(client);
            }
        }
    }

    private void serve(SelectionKey key, ClientConnection client) {
        try {
            if (key.isWritable()) {
                client.flush();
            }
            if (key.isValid() && key.isReadable()) {
                var input = client.read();
                if (input.endOfStream()) {
                    drop(client);
                    return;
                }
                for (int i = 0; i < input.tooLongLines(); i++) {
                    client.send(StatsProtocol.error(StatsException.EINVAL,
                            "request line longer than " + options.maxRequestBytes() + " bytes: skipped"));
                }
                for (String line : input.lines()) {
                    client.send(answer(line, client.session()));
                }
            }
            // Stop reading a client that does not read its answers; resume once they drain.
            int interest = client.pendingBytes() > 0 ? SelectionKey.OP_WRITE : 0;
            if (client.pendingBytes() < options.maxPendingBytes()) {
                interest |= SelectionKey.OP_READ;
            }
            key.interestOps(interest);
        } catch (IOException | RuntimeException e) {
            drop(client);
        }
    }

    private String answer(String line, StatsSession session) {
        try {
            return protocol.answer(line, session);
        } catch (RuntimeException e) {
            // The source failed (e.g. a BPF map read): tell this client, keep serving.
            return StatsProtocol.error(EIO, "reading the scheduler's stats failed: " + e);
        }
    }

    private void evictLongestIdle() {
        ClientConnection oldest;
        synchronized (clients) {
            oldest = clients.stream().min(Comparator.comparingLong(ClientConnection::lastActive)).orElse(null);
        }
        if (oldest != null) {
            drop(oldest);
        }
    }

    private void drop(ClientConnection client) {
        synchronized (clients) {
            clients.remove(client);
        }
        client.close();
    }

    private void closeClients() {
        ArrayList<ClientConnection> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        all.forEach(ClientConnection::close);
    }

    /** Stops serving, closes every connection and removes the socket file. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing; nothing left to serve.
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing; nothing left to serve.
        }
        closeClients();
        try {
            Files.deleteIfExists(options.socket());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the stats socket " + options.socket() + ": " + e);
        }
    }
}
