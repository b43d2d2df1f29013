package org.scx4j.schedulers.rusty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_rusty's metrics under upstream's names. Where tasks went are counters (each client sees
 * the counts since its last request; upstream shows them as shares of {@code total}); the
 * balancer's figures are per domain ({@code domN_load}, ..., {@code domN_migrations}) and, with several
 * nodes, per node.
 */
final class RustyStats {
    private RustyStats() {}

    /** In the order of {@code enum rusty_stat}; the first {@link #PLACED} add up to the tasks placed. */
    static final String[] COUNTERS = {"wake_sync", "sync_prev_idle", "prev_idle", "greedy_idle", "pinned", "direct",
        "greedy", "greedy_far", "dsq_dispatch", "greedy_local", "greedy_xnuma", "repatriate", "kick_greedy",
        "load_balance", "task_get_err", "dl_clamp", "dl_preset"};
    static final int PLACED = 11;
    private static final String[] MEANINGS = {
        "sync wake-up: to the waker's CPU", "sync wake-up: to the idle previous CPU", "to the idle previous CPU",
        "to the idle previous CPU in another domain", "to the only CPU it may use", "to an idle CPU of its domain (or -k)",
        "to an idle CPU of another domain, same node (-D)", "to an idle CPU of another node (-D -r)",
        "run from its domain's queue", "run from another domain's queue, same node (-g)",
        "run from another node's queue (--greedy-threshold-x-numa)", "sent back to an idle CPU of its domain",
        "queued with an idle CPU of another domain kicked to steal it (-K)", "moved to the domain the balancer chose",
        "tasks without scheduler data (the balancer's table was full, or none found)",
        "deadlines whose sleep credit was clamped", "deadlines that kept their vruntime as it was"};

    static MetricSet metrics(int domains, int nodes) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.counter("total", "tasks", "tasks placed (the first eleven counters below add up to it)"));
        for (int i = 0; i < COUNTERS.length; i++) metrics.add(Metric.counter(COUNTERS[i], "tasks", MEANINGS[i]));
        metrics.add(Metric.gauge("slice_us", "us", "the slice (-u while some CPU idles, -o once all are busy)"));
        metrics.add(Metric.ratio("cpu_busy", "%", "busy share of all CPUs at the tuner's last step"));
        metrics.add(Metric.ratio("load", "", "sum of weight * duty cycle of all tasks (100: one nice-0 task always running)"));
        metrics.add(Metric.counter("nr_migrations", "tasks", "tasks the load balancer moved"));
        metrics.add(Metric.counter("time_used_us", "us", "CPU time of the tuner and load balancer"));
        if (nodes > 1) for (int n = 0; n < nodes; n++) addArea(metrics, "node" + n);
        for (int d = 0; d < domains; d++) {
            addArea(metrics, "dom" + d);
            metrics.add(Metric.counter("dom" + d + "_migrations", "tasks", "tasks the load balancer moved into dom" + d));
        }
        return new MetricSet("scx_rusty", "where scx_rusty placed tasks and how its domains are balanced", metrics);
    }

    private static void addArea(List<Metric> metrics, String area) {
        metrics.add(Metric.ratio(area + "_load", "", area + "'s load at the last balancing run"));
        metrics.add(Metric.ratio(area + "_imbal", "", area + "'s load above (+) or below (-) the average"));
        metrics.add(Metric.ratio(area + "_delta", "", "load the last balancing run moved into (+) or out of (-) " + area));
    }

    static Map<String, Object> read(BpfObject loaded, ControlLoop loop) {
        Map<String, Object> values = new LinkedHashMap<>();
        long[] counts = loaded.map("stats").sumCounters(COUNTERS.length);
        long total = 0;
        for (int i = 0; i < PLACED; i++) total += counts[i];
        values.put("total", total);
        for (int i = 0; i < COUNTERS.length; i++) values.put(COUNTERS[i], counts[i]);
        values.put("slice_us", loaded.bss().getLong("slice_ns") / 1000);
        if (loop == null) return values;
        ControlLoop.Report r = loop.report();
        double load = 0;
        for (double l : r.domLoad()) load += l;
        values.put("cpu_busy", loop.cpuBusy());
        values.put("load", load);
        values.put("nr_migrations", loop.migrations());
        values.put("time_used_us", loop.timeUsedUs());
        if (r.nodeLoad().length > 1) putAreas(values, "node", r.nodeLoad(), r.nodeImbal(), r.nodeDelta());
        putAreas(values, "dom", r.domLoad(), r.domImbal(), r.domDelta());
        for (int d = 0; d < r.domMigrations().length; d++) values.put("dom" + d + "_migrations", r.domMigrations()[d]);
        return values;
    }

    private static void putAreas(Map<String, Object> values, String kind, double[] load, double[] imbal, double[] delta) {
        for (int i = 0; i < load.length; i++) {
            values.put(kind + i + "_load", load[i]);
            values.put(kind + i + "_imbal", imbal[i]);
            values.put(kind + i + "_delta", delta[i]);
        }
    }
}
