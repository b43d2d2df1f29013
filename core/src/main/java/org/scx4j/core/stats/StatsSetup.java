package org.scx4j.core.stats;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How a running scheduler publishes its metrics: the set it declares, the socket it
 * serves them on, and whether it also prints them itself every interval
 * ({@code --stats SECS}). Scheduler runtimes call {@link #start} once the scheduler
 * is attached and close the result when it detaches.
 *
 * @param metrics    what the scheduler reports
 * @param server     where and how to serve the socket
 * @param printEvery the {@code --stats} interval, if the scheduler prints its own line
 */
public record StatsSetup(MetricSet metrics, StatsServerOptions server, Optional<Duration> printEvery) {

    public StatsSetup {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(printEvery, "printEvery");
    }

    /**
     * Serves the socket and starts the printer, in the background so the caller's
     * monitoring loop goes on at once (creating the server costs seconds in an emulated
     * guest). A socket that cannot be created is reported on {@code err} and the
     * scheduler runs on without it: scheduling matters more than its statistics.
     */
    public PublishedStats start(StatsSource source, PrintStream out, PrintStream err) {
        var server = new CompletableFuture<StatsServer>();
        Thread.ofPlatform().daemon().name("scx4j-stats-start").start(() -> {
            try {
                server.complete(StatsServer.start(this.server, metrics, source));
            } catch (RuntimeException e) {
                err.println(metrics.name() + ": stats socket not served: " + e.getMessage());
            } finally {
                // Whatever failed, an Error too (a JDK without its security file): close() waits for this.
                server.complete(null);
            }
        });
        StatsPrinter printer = printEvery.map(every -> StatsPrinter.start(metrics, source, every, out)).orElse(null);
        return new PublishedStats(server, printer);
    }

    /** The running server and printer of one attachment; closing stops both and removes the socket. */
    public static final class PublishedStats implements AutoCloseable {
        private final CompletableFuture<StatsServer> server;
        private final StatsPrinter printer;

        PublishedStats(CompletableFuture<StatsServer> server, StatsPrinter printer) {
            this.server = server;
            this.printer = printer;
        }

        /** Waits until the server is up (or failed to start); the server when the socket could be created. */
        public Optional<StatsServer> server() {
            return Optional.ofNullable(server.join());
        }

        @Override
        public void close() {
            if (printer != null) {
                printer.close();
            }
            server().ifPresent(StatsServer::close);
        }
    }
}
