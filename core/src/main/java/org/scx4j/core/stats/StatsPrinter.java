package org.scx4j.core.stats;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The {@code --stats SECS} printer: a scheduler prints its own metrics line every
 * interval from inside the process, through its own {@link StatsSession}, so its
 * deltas are independent of any socket client's.
 */
public final class StatsPrinter implements AutoCloseable {

    private final Thread thread;

    private StatsPrinter(Thread thread) {
        this.thread = thread;
    }

    /** Starts printing {@code metrics.line(...)} to {@code out} every {@code interval} on a daemon thread. */
    public static StatsPrinter start(MetricSet metrics, StatsSource source, Duration interval, PrintStream out) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stats interval must be positive, got " + interval);
        }
        var session = new StatsSession(metrics, source);
        Thread thread = Thread.ofPlatform().daemon().name("scx4j-stats-printer").start(() -> {
            try {
                while (true) {
                    Thread.sleep(interval);
                    out.println(metrics.line(session.next()));
                    out.flush();
                }
            } catch (InterruptedException e) {
                // close() asked us to stop.
            } catch (RuntimeException e) {
                out.println("stats: reading the scheduler's stats failed: " + e.getMessage());
            }
        });
        return new StatsPrinter(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
