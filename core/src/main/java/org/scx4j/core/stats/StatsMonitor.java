package org.scx4j.core.stats;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The loop behind {@code --monitor SECS} and {@code scx4j monitor}: waits for a
 * scheduler's socket, learns its metrics from {@code stats_meta} (so it prints any
 * scheduler, ours or upstream's), then prints one line per interval, readable
 * ({@code local=12 global=3}) or as JSON. When the scheduler goes away (it
 * restarted, it was replaced) the monitor waits for the next one instead of failing.
 */
public final class StatsMonitor {

    private final Path socket;
    private final Duration interval;
    private final boolean json;
    private final Consumer<String> out;
    private final Consumer<String> notices;

    /** Prints sample lines to {@code out} and notices (waiting, reconnecting) to {@code notices}. */
    public StatsMonitor(Path socket, Duration interval, boolean json, Consumer<String> out, Consumer<String> notices) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("monitor interval must be positive, got " + interval);
        }
        this.socket = socket;
        this.interval = interval;
        this.json = json;
        this.out = out;
        this.notices = notices;
    }

    /**
     * Prints {@code lines} lines (or forever when {@code lines} is 0) and returns;
     * interrupting the thread ends it early.
     */
    public void run(long lines) throws InterruptedException {
        long printed = 0;
        while (lines == 0 || printed < lines) {
            try (var client = StatsClient.connectWaiting(socket, Duration.ofSeconds(1), notices)) {
                MetricSet metrics = MetricSet.fromMeta(client.meta());
                while (lines == 0 || printed < lines) {
                    Thread.sleep(interval);
                    var values = client.stats();
                    out.accept(json ? JSON.std.asString(values) : metrics.line(values));
                    printed++;
                }
            } catch (StatsException | IOException e) {
                if (e instanceof StatsException se && se.errno() != 0) {
                    // The server answers but refuses what we ask: retrying will not help.
                    throw se;
                }
                notices.accept("stats connection lost (" + e.getMessage() + "); reconnecting");
                Thread.sleep(interval);
            }
        }
    }
}
