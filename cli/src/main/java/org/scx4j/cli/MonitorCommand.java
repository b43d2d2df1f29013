package org.scx4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.scx4j.core.stats.StatsException;
import org.scx4j.core.stats.StatsMonitor;
import org.scx4j.core.stats.StatsServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j monitor}: prints the stats of whichever scheduler is running, by
 * speaking the stats protocol to its socket. It learns the metrics from the
 * scheduler itself, so it works for every scx4j scheduler and for upstream ones,
 * and it waits for a scheduler to appear (or to come back after a restart).
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Print the running scheduler's stats every interval (Ctrl-C stops).",
            "Waits until a scheduler serves its stats socket; counters are per interval."})
public final class MonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECS", defaultValue = "1",
            description = "Seconds between lines (fractions allowed; default ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--socket", paramLabel = "PATH", description = "The stats socket (default: ${DEFAULT-VALUE}).")
    Path socket = StatsServerOptions.DEFAULT_SOCKET;

    @Option(names = "--json", description = "Print each sample as one JSON object per line.")
    boolean json;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0",
            description = "Stop after N lines (default: run until Ctrl-C).")
    long count;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(intervalSeconds >= 0.01 && intervalSeconds <= 86_400)) {
            err.println("scx4j monitor: --interval must be between 0.01 and 86400 seconds, got " + intervalSeconds);
            err.flush();
            return 2;
        }
        if (count < 0) {
            err.println("scx4j monitor: --count must be 0 (forever) or more, got " + count);
            err.flush();
            return 2;
        }
        var interval = Duration.ofNanos(Math.round(intervalSeconds * 1e9));
        try {
            new StatsMonitor(socket, interval, json, line -> {
                out.println(line);
                out.flush();
            }, notice -> {
                err.println("scx4j monitor: " + notice);
                err.flush();
            }).run(count);
            return 0;
        } catch (StatsException e) {
            err.println("scx4j monitor: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
