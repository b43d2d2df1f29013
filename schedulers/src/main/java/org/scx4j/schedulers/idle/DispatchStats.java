package org.scx4j.schedulers.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.topology.CpuMask;

/**
 * The metrics scx_bpfland and scx_flash share under upstream's names: two gauges, then
 * where tasks were queued, from the scheduler's per-CPU {@code stats} array (summed over
 * CPUs) in this order; then the wake-up preemptions of the deadline family.
 */
public final class DispatchStats {
    private DispatchStats() {}

    public static final String[] COUNTERS = {"nr_kthread_dispatches", "nr_direct_dispatches", "nr_shared_dispatches"};

    /** Shared by the deadline family (scx/deadline.bpf.h), scx_cosmos too; not an upstream metric. */
    public static final Metric WAKEUP_PREEMPTIONS = Metric.counter("nr_wakeup_preemptions", "tasks",
            "Number of woken tasks that preempted the running task (an earlier deadline)");

    /** The metric set of scheduler; kthreads says when kthreads are dispatched directly. */
    public static MetricSet metrics(String scheduler, String kthreads) {
        return MetricSet.of(scheduler, "what " + scheduler + " runs and where it queued tasks",
                Metric.gauge("nr_running", "tasks", "Number of running tasks"),
                Metric.gauge("nr_cpus", "cpus", "Number of online CPUs"),
                Metric.counter(COUNTERS[0], "tasks", "Number of kthread direct dispatches (" + kthreads + ")"),
                Metric.counter(COUNTERS[1], "tasks", "Number of task direct dispatches (to an idle CPU, or a task bound to its CPU)"),
                Metric.counter(COUNTERS[2], "tasks", "Number of regular task dispatches (by deadline on the node's queue)"),
                WAKEUP_PREEMPTIONS);
    }

    /** The current values by metric name. */
    public static Map<String, Long> read(BpfObject loaded) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("nr_running", loaded.bss().getLong("nr_running"));
        values.put("nr_cpus", (long) onlineCpus());
        long[] counts = loaded.map("stats").sumCounters(COUNTERS.length);
        for (int i = 0; i < COUNTERS.length; i++) values.put(COUNTERS[i], counts[i]);
        values.put(WAKEUP_PREEMPTIONS.name(), wakeupPreemptions(loaded));
        return values;
    }

    /** The deadline family's count of wake-up preemptions. */
    public static long wakeupPreemptions(BpfObject loaded) {
        return loaded.bss().getLong("scx_dl_nr_wakeup_preemptions");
    }

    private static int onlineCpus() {
        try {
            return CpuMask.parseList(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim()).cardinality();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
