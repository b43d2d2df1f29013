package org.scx4j.schedulers;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.scx4j.core.SchedulerRuntime;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.stats.StatsException;
import org.scx4j.core.stats.StatsMonitor;
import org.scx4j.core.stats.StatsServerOptions;
import org.scx4j.core.stats.StatsSetup;
import picocli.CommandLine.Option;

/**
 * The stats options every scheduler takes, as upstream's do: {@code --stats SECS}
 * (print from inside), {@code --monitor SECS} (load nothing, watch the running
 * scheduler through its socket), {@code --help-stats}, plus where the socket lives
 * and which group may read it. A scheduler mixes this in and declares its metrics once.
 */
public final class StatsOptions {

    @Option(names = "--stats", paramLabel = "SECS",
            description = "Print the stats line every SECS seconds (counters per interval) while running.")
    Double statsSeconds;

    @Option(names = "--monitor", paramLabel = "SECS",
            description = "Load nothing: print the running scheduler's stats every SECS seconds, waiting for its socket.")
    Double monitorSeconds;

    @Option(names = "--help-stats", description = "Describe the stats this scheduler reports, and exit.")
    boolean helpStats;

    @Option(names = "--stats-socket", paramLabel = "PATH",
            description = "The stats socket to serve or monitor (default: ${DEFAULT-VALUE}).")
    Path socket = StatsServerOptions.DEFAULT_SOCKET;

    @Option(names = "--stats-group", paramLabel = "GROUP",
            description = "Let members of GROUP read the stats socket too (mode 0660); default: root only (0600).")
    String group;

    /**
     * Handles {@code --help-stats} and {@code --monitor}, which run without loading a
     * scheduler; returns their exit code, or empty when the scheduler should run.
     */
    public Optional<Integer> runWithoutLoading(MetricSet metrics, PrintStream out, PrintStream err) {
        if (helpStats) {
            out.print(metrics.helpText());
            out.flush();
            return Optional.of(0);
        }
        if (monitorSeconds == null) {
            return Optional.empty();
        }
        SchedulerRuntime.releaseStopSignals(); // Ctrl-C ends a monitor at once, as the JVM's default does
        try {
            new StatsMonitor(socket, interval("--monitor", monitorSeconds), false, line -> {
                out.println(line);
                out.flush();
            }, notice -> err.println(metrics.name() + ": " + notice)).run(0);
            return Optional.of(0);
        } catch (IllegalArgumentException | StatsException e) {
            err.println(metrics.name() + ": " + e.getMessage());
            return Optional.of(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    /** How the running scheduler serves and prints its stats. */
    public StatsSetup setup(MetricSet metrics) {
        var server = StatsServerOptions.defaults().withSocket(socket).withGroup(group);
        return new StatsSetup(metrics, server, Optional.ofNullable(statsSeconds).map(s -> interval("--stats", s)));
    }

    private static Duration interval(String option, double seconds) {
        if (!(seconds >= 0.01 && seconds <= 86_400)) {
            throw new IllegalArgumentException(option + " takes seconds between 0.01 and 86400, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
