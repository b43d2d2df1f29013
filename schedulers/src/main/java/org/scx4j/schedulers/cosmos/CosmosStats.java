package org.scx4j.schedulers.cosmos;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.idle.DispatchStats;

/**
 * scx_cosmos's counters, summed over CPUs since it attached, in the order of
 * {@code enum cosmos_stat} in {@code scx_cosmos.bpf.c}. Upstream's own metrics count
 * perf-event and GPU placements, which scx4j leaves out; these count where tasks went.
 */
public final class CosmosStats {
    private CosmosStats() {}

    static final String[] NAMES = {"nr_local_dispatches", "nr_idle_dispatches", "nr_shared_dispatches",
        "nr_affine_dispatches", "nr_preemptions"};

    public static final MetricSet METRICS = MetricSet.of("scx_cosmos", "where scx_cosmos placed tasks",
            Metric.counter(NAMES[0], "tasks", "kept on their CPU's local queue (the CPU was not busy)"),
            Metric.counter(NAMES[1], "tasks", "sent to an idle CPU's local queue"),
            Metric.counter(NAMES[2], "tasks", "queued by deadline on the shared (per-node) queue (the CPU was busy)"),
            Metric.counter(NAMES[3], "tasks", "kept beside a waker of the same address space (-a)"),
            Metric.counter(NAMES[4], "tasks", "preempted past their slice by --time-preemption"),
            DispatchStats.WAKEUP_PREEMPTIONS);

    /** The running totals by metric name. */
    public static Map<String, Long> read(BpfObject loaded) {
        long[] counts = loaded.map("stats").sumCounters(NAMES.length);
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) values.put(NAMES[i], counts[i]);
        values.put(DispatchStats.WAKEUP_PREEMPTIONS.name(), DispatchStats.wakeupPreemptions(loaded));
        return values;
    }
}
