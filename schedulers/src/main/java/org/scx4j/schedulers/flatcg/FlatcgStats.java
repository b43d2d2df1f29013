package org.scx4j.schedulers.flatcg;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_flatcg's counters, summed over CPUs since it attached, and {@code hweight_gen} (how
 * often an active cgroup weight sum changed). A value, so the stats server publishes it as
 * well as the periodic report, which shows the differences between two of them.
 *
 * @param counts one running total per {@link Stat}
 * @param hweightGen the BPF global {@code hweight_gen}
 */
public record FlatcgStats(long[] counts, long hweightGen) {

    /** The counters, in the order of {@code enum fcg_stat} in {@code scx_flatcg.bpf.c}. */
    public enum Stat {
        ACT("act", "cgroups that became active (first runnable task)"),
        DEACT("deact", "cgroups that became idle (last runnable task slept)"),
        GLOBAL("global", "tasks with restricted affinity queued on the fallback queue"),
        LOCAL("local", "tasks dispatched straight to a CPU (idle CPU found, or a per-CPU kernel thread)"),
        HWT_UPDATES("hwt_update", "cgroup shares recomputed"),
        HWT_CACHE("hwt_cache", "cgroup shares still current"),
        HWT_SKIP("hwt_skip", "share refreshes skipped for an inactive cgroup"),
        HWT_RACE("hwt_race", "share refreshes cut short by a cgroup going idle"),
        ENQ_SKIP("enq_skip", "enqueues whose cgroup was already queued"),
        ENQ_RACE("enq_race", "enqueues whose cgroup another CPU was picking"),
        CNS_KEEP("cns_keep", "dispatches that stayed with the CPU's current cgroup"),
        CNS_EXPIRE("cns_expire", "cgroup slices that ran out"),
        CNS_EMPTY("cns_empty", "cgroup slices ended because the cgroup had no more tasks"),
        CNS_GONE("cns_gone", "cgroup slices whose cgroup was removed"),
        PNC_NEXT("pnc_next", "cgroups picked to run next"),
        PNC_EMPTY("pnc_empty", "picked cgroups that had no task left"),
        PNC_NO_CGRP("pnc_nocgrp", "picks that found no queued cgroup"),
        PNC_GONE("pnc_gone", "picked cgroups that had been removed"),
        PNC_RACE("pnc_race", "picked cgroups requeued because a task arrived meanwhile"),
        PNC_FAIL("pnc_fail", "dispatches that gave up picking after many retries"),
        BAD_REMOVAL("bad_remove", "tree nodes that could not be removed (a bug if not 0)");

        private final String metric;
        private final String description;

        Stat(String metric, String description) {
            this.metric = metric;
            this.description = description;
        }
    }

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_flatcg", "scx_flatcg's cgroup scheduling counters",
            metrics());

    private static Metric[] metrics() {
        Metric[] m = new Metric[Stat.values().length + 1];
        m[0] = Metric.gauge("hweight_gen", "changes", "changes of any active cgroup weight sum since start");
        for (Stat s : Stat.values()) m[s.ordinal() + 1] = Metric.counter(s.metric, "events", s.description);
        return m;
    }

    public FlatcgStats {
        if (counts.length != Stat.values().length)
            throw new IllegalArgumentException("expected " + Stat.values().length + " counters, got " + counts.length);
        counts = counts.clone();
    }

    /** Reads the per-CPU {@code stats} map and {@code hweight_gen} of a loaded scx_flatcg. */
    public static FlatcgStats read(BpfObject loaded) {
        long[] counts = loaded.map("stats").sumCounters(Stat.values().length);
        return new FlatcgStats(counts, loaded.data().getLong("hweight_gen"));
    }

    public long get(Stat s) {
        return counts[s.ordinal()];
    }

    /** The running totals by metric name, for the stats server. */
    public Map<String, Long> values() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("hweight_gen", hweightGen);
        for (Stat s : Stat.values()) v.put(s.metric, get(s));
        return v;
    }

    /** Each counter's increase since {@code earlier}. */
    public FlatcgStats since(FlatcgStats earlier) {
        long[] d = Arrays.copyOf(counts, counts.length);
        for (int i = 0; i < d.length; i++) d[i] -= earlier.counts[i];
        return new FlatcgStats(d, hweightGen);
    }

    /**
     * The upstream report block: a sequence number, the CPU utilization over the interval
     * and the current hweight_gen, then the counters of this interval ({@code this} holds
     * the differences) except the bad-removal total, which is cumulative ({@code total}).
     */
    public String report(long seq, double cpuUtilPercent, FlatcgStats total) {
        return String.format("[SEQ %6d cpu=%5.1f hweight_gen=%d]%n", seq, cpuUtilPercent, hweightGen)
                + String.format("       act:%6d  deact:%6d global:%6d local:%6d%n",
                        get(Stat.ACT), get(Stat.DEACT), get(Stat.GLOBAL), get(Stat.LOCAL))
                + String.format("HWT  cache:%6d update:%6d   skip:%6d  race:%6d%n",
                        get(Stat.HWT_CACHE), get(Stat.HWT_UPDATES), get(Stat.HWT_SKIP), get(Stat.HWT_RACE))
                + String.format("ENQ   skip:%6d   race:%6d%n", get(Stat.ENQ_SKIP), get(Stat.ENQ_RACE))
                + String.format("CNS   keep:%6d expire:%6d  empty:%6d  gone:%6d%n",
                        get(Stat.CNS_KEEP), get(Stat.CNS_EXPIRE), get(Stat.CNS_EMPTY), get(Stat.CNS_GONE))
                + String.format("PNC   next:%6d  empty:%6d nocgrp:%6d  gone:%6d race:%6d fail:%6d%n",
                        get(Stat.PNC_NEXT), get(Stat.PNC_EMPTY), get(Stat.PNC_NO_CGRP), get(Stat.PNC_GONE),
                        get(Stat.PNC_RACE), get(Stat.PNC_FAIL))
                + String.format("BAD remove:%6d", total.get(Stat.BAD_REMOVAL));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatcgStats s && Arrays.equals(counts, s.counts) && hweightGen == s.hweightGen;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Long.hashCode(hweightGen);
    }
}
