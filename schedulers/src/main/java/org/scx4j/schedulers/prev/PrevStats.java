package org.scx4j.schedulers.prev;

import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_prev's counters, summed over CPUs since it attached: wake-ups inserted straight into
 * an idle CPU's local queue ({@code local} = {@code prev_cpu} + {@code idle_cpu}), and
 * wake-ups that found no idle CPU and went to the global queue ({@code select_fail}).
 */
public record PrevStats(long local, long selectFail, long prevCpu, long idleCpu) {
    // enum prev_stat in scx_prev.bpf.c
    private static final int LOCAL = 0, SELECT_FAIL = 1, PREV_CPU = 2, IDLE_CPU = 3, NR_STATS = 4;

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_prev", "where scx_prev placed waking tasks",
            Metric.counter("local", "tasks", "wake-ups inserted straight into an idle CPU's local queue"),
            Metric.counter("select_fail", "tasks", "wake-ups that found no idle CPU (queued on the global queue)"),
            Metric.counter("prev_cpu", "tasks", "wake-ups that went back to their idle previous CPU"),
            Metric.counter("idle_cpu", "tasks", "wake-ups that went to another idle CPU"));

    /** Reads the per-CPU {@code stats} map of a loaded scx_prev. */
    public static PrevStats read(BpfObject loaded) {
        long[] counts = loaded.map("stats").sumCounters(NR_STATS);
        return new PrevStats(counts[LOCAL], counts[SELECT_FAIL], counts[PREV_CPU], counts[IDLE_CPU]);
    }

    /** The running totals by metric name, for the stats server. */
    public Map<String, Long> values() {
        return Map.of("local", local, "select_fail", selectFail, "prev_cpu", prevCpu, "idle_cpu", idleCpu);
    }

    /** The upstream format: {@code local=N select_fail=N prev_cpu=N idle_cpu=N}. */
    public String line() {
        return "local=" + local + " select_fail=" + selectFail + " prev_cpu=" + prevCpu + " idle_cpu=" + idleCpu;
    }
}
