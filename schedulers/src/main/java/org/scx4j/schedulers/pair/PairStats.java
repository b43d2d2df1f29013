package org.scx4j.schedulers.pair;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_pair's counters (globals in {@code scx_pair.bpf.c}), running totals since it
 * attached. The first eleven are upstream's and print in its layout; {@code conflicts}
 * and {@code foreign} are scx4j's check of the idea, published on the stats socket.
 */
public record PairStats(Map<String, Long> values) {

    public static final MetricSet METRICS = MetricSet.of("scx_pair", "what scx_pair did to keep each CPU pair on one cgroup",
            Metric.counter("total", "tasks", "tasks enqueued"),
            Metric.counter("dispatch", "tasks", "tasks moved from the pair's active cgroup to a CPU"),
            Metric.counter("missing", "events", "the active cgroup had queued tasks, none of which the CPU may run"),
            Metric.counter("kicks", "kicks", "kicks sent to the other CPU of a pair"),
            Metric.counter("preemptions", "events", "a higher-priority class took a CPU, so its pair drained"),
            Metric.counter("exp", "events", "dispatches that found the pair's batch expired or draining"),
            Metric.counter("exp_wait", "events", "waits for the other CPU to leave the old cgroup"),
            Metric.counter("exp_empty", "events", "no cgroup had queued tasks to switch to"),
            Metric.counter("cgnext", "switches", "pairs switched to the next cgroup"),
            Metric.counter("cgcoll", "events", "the other CPU switched or started first while a cgroup was picked"),
            Metric.counter("cgempty", "events", "the active cgroup had no queued task, so the pair drained"),
            Metric.counter("conflicts", "tasks", "tasks dispatched here that started while the other CPU of the pair ran another cgroup"),
            Metric.counter("foreign", "tasks", "tasks the kernel restarted itself next to another cgroup (preempted at once)"));

    public PairStats {
        values = Map.copyOf(values);
    }

    /** Reads the counters from a loaded scx_pair's .bss, where each is {@code nr_} and its name. */
    public static PairStats read(BpfObject loaded) {
        GlobalData bss = loaded.bss();
        Map<String, Long> v = new LinkedHashMap<>();
        for (Metric m : METRICS.metrics()) v.put(m.name(), bss.getLong("nr_" + m.name()));
        return new PairStats(v);
    }

    private long v(String name) {
        return values.get(name);
    }

    /** Upstream's block: a sequence number, then four lines of counters. */
    public String report(long seq) {
        return String.format("[SEQ %d]%n", seq)
                + String.format(" total:%10d dispatch:%10d   missing:%10d%n", v("total"), v("dispatch"), v("missing"))
                + String.format(" kicks:%10d preemptions:%7d%n", v("kicks"), v("preemptions"))
                + String.format("   exp:%10d exp_wait:%10d exp_empty:%10d%n", v("exp"), v("exp_wait"), v("exp_empty"))
                + String.format("cgnext:%10d   cgcoll:%10d   cgempty:%10d", v("cgnext"), v("cgcoll"), v("cgempty"));
    }
}
