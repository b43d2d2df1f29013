package org.scx4j.schedulers.simple;

import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_simple's counters, summed over CPUs since it attached: tasks dispatched straight to
 * an idle CPU's local queue, and tasks queued on the shared queue. A value, so the stats
 * server can publish it as well as the once-a-second line.
 */
public record SimpleStats(long local, long global) {
    private static final int LOCAL = 0, GLOBAL = 1, NR_STATS = 2; // enum simple_stat in scx_simple.bpf.c

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_simple", "tasks scx_simple dispatched",
            Metric.counter("local", "tasks", "tasks dispatched straight to an idle CPU's local queue"),
            Metric.counter("global", "tasks", "tasks queued on the shared queue"));

    /** Reads the per-CPU {@code stats} map of a loaded scx_simple. */
    public static SimpleStats read(BpfObject loaded) {
        long[] counts = loaded.map("stats").sumCounters(NR_STATS);
        return new SimpleStats(counts[LOCAL], counts[GLOBAL]);
    }

    /** The running totals by metric name, for the stats server. */
    public Map<String, Long> values() {
        return Map.of("local", local, "global", global);
    }

    /** The upstream format: {@code local=N global=M}. */
    public String line() {
        return "local=" + local + " global=" + global;
    }
}
