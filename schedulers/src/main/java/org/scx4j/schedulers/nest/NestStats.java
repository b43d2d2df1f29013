package org.scx4j.schedulers.nest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_nest's counters, summed over CPUs since it attached, and the last sample of which
 * CPUs are in the primary nest, the reserve nest, neither, and idle. A value, so the stats
 * server publishes it as well as the periodic report.
 *
 * @param counts one running total per {@link Stat}
 * @param masks  the sampled CPU sets, one bit per CPU (0-63), in the order of {@link Nest}
 * @param nrCpus the CPU ids the masks cover
 */
public record NestStats(long[] counts, long[] masks, int nrCpus) {

    /** Where a counter is printed, as upstream groups them. */
    enum Group {
        WAKEUP("Wakeup stats"), NEST("Nest stats"), CONSUME("Consume stats");

        final String title;

        Group(String title) {
            this.title = title;
        }
    }

    /** The counters, in the order of {@code enum nest_stat} in {@code scx_nest.bpf.c}, named as upstream's table. */
    public enum Stat {
        WAKEUP_ATTACHED(Group.WAKEUP, "Attached CPU was idle, and in primary nest"),
        WAKEUP_PREV_PRIMARY(Group.WAKEUP, "Previous CPU was idle, and in primary nest"),
        WAKEUP_FULLY_IDLE_PRIMARY(Group.WAKEUP, "Woken up to fully idle primary nest core"),
        WAKEUP_ANY_IDLE_PRIMARY(Group.WAKEUP, "Woken up to idle logical primary nest core"),
        WAKEUP_FULLY_IDLE_RESERVE(Group.WAKEUP, "Woken up to fully idle reserve nest core"),
        WAKEUP_ANY_IDLE_RESERVE(Group.WAKEUP, "Woken up to idle logical reserve nest core"),
        WAKEUP_IDLE_OTHER(Group.WAKEUP, "Woken to any idle logical core in the task's allowed CPUs"),
        TASK_IMPATIENT(Group.NEST, "A task was found to be impatient"),
        PROMOTED_TO_PRIMARY(Group.NEST, "A core was promoted into the primary nest"),
        PROMOTED_TO_RESERVED(Group.NEST, "A core was promoted into the reserve nest"),
        DEMOTED_TO_RESERVED(Group.NEST, "A core was demoted into the reserve nest"),
        RESERVED_AT_CAPACITY(Group.NEST, "Reserve nest was at capacity"),
        SCHEDULED_COMPACTION(Group.NEST, "Scheduled a primary core to be compacted"),
        CANCELLED_COMPACTION(Group.NEST, "Cancelled a primary core's compaction at task wakeup time"),
        EAGERLY_COMPACTED(Group.NEST, "A core was compacted in dispatch (its task exited)"),
        CALLBACK_COMPACTED(Group.NEST, "A core was compacted in the scheduled timer callback"),
        CONSUMED(Group.CONSUME, "A task was consumed from the shared DSQ"),
        NOT_CONSUMED(Group.CONSUME, "There was no task in the shared DSQ");

        final Group group;
        final String description;

        Stat(Group group, String description) {
            this.group = group;
            this.description = description;
        }

        /** The name on the stats socket: the upstream name in lower case. */
        String metric() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The sampled CPU sets, named as upstream prints them, and the BPF globals holding them. */
    public enum Nest {
        PRIMARY("stats_primary_mask", "CPUs in the primary nest"),
        RESERVED("stats_reserved_mask", "CPUs in the reserve nest"),
        OTHER("stats_other_mask", "CPUs in neither nest"),
        IDLE("stats_idle_mask", "idle CPUs");

        final String global;
        final String description;

        Nest(String global, String description) {
            this.global = global;
            this.description = description;
        }
    }

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_nest", "scx_nest's placement counters and nests",
            metrics());

    private static Metric[] metrics() {
        Metric[] m = new Metric[Stat.values().length + Nest.values().length];
        for (Stat s : Stat.values()) m[s.ordinal()] = Metric.counter(s.metric(), "events", s.description);
        for (Nest n : Nest.values())
            m[Stat.values().length + n.ordinal()] = Metric.gauge(n.name().toLowerCase(Locale.ROOT), "cpus",
                    n.description + " at the last sample");
        return m;
    }

    public NestStats {
        if (counts.length != Stat.values().length || masks.length != Nest.values().length)
            throw new IllegalArgumentException("expected " + Stat.values().length + " counters and "
                    + Nest.values().length + " masks");
        counts = counts.clone();
        masks = masks.clone();
    }

    /** Reads the per-CPU {@code stats} map and the sampled masks of a loaded scx_nest. */
    public static NestStats read(BpfObject loaded) {
        long[] counts = loaded.map("stats").sumCounters(Stat.values().length);
        GlobalData bss = loaded.bss();
        long[] masks = new long[Nest.values().length];
        for (Nest n : Nest.values()) masks[n.ordinal()] = bss.getLong(n.global);
        return new NestStats(counts, masks, bss.getInt("nr_cpus"));
    }

    public long get(Stat s) {
        return counts[s.ordinal()];
    }

    /** How many CPUs were in {@code n} at the last sample. */
    public int cpus(Nest n) {
        return Long.bitCount(masks[n.ordinal()]);
    }

    /** The running totals and the nest sizes by metric name, for the stats server. */
    public Map<String, Long> values() {
        Map<String, Long> v = new LinkedHashMap<>();
        for (Stat s : Stat.values()) v.put(s.metric(), get(s));
        for (Nest n : Nest.values()) v.put(n.name().toLowerCase(Locale.ROOT), (long) cpus(n));
        return v;
    }

    /**
     * Upstream's report: each group of counters under an underlined title, one
     * {@code NAME=total} a line, then each CPU set as a row with one column per CPU
     * ({@code *} in the set), e.g. {@code PRIMARY  ( 1): | *- |}.
     */
    public String report() {
        StringBuilder b = new StringBuilder();
        Group last = null;
        for (Stat s : Stat.values()) {
            if (s.group != last) underline(b, s.group.title);
            last = s.group;
            b.append(s.name()).append('=').append(get(s)).append('\n');
        }
        underline(b, "Masks");
        int shown = Math.min(nrCpus, 64);
        for (Nest n : Nest.values()) {
            char[] row = new char[shown];
            for (int cpu = 0; cpu < shown; cpu++) row[cpu] = (masks[n.ordinal()] >>> cpu & 1) != 0 ? '*' : '-';
            b.append(String.format("%-9s(%2d): | %s |%n", n.name(), cpus(n), new String(row)));
        }
        return b.toString();
    }

    private static void underline(StringBuilder b, String title) {
        b.append('\n').append(title).append('\n').append("-".repeat(title.length())).append('\n');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NestStats s && Arrays.equals(counts, s.counts) && Arrays.equals(masks, s.masks)
                && nrCpus == s.nrCpus;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(counts) + Arrays.hashCode(masks)) + nrCpus;
    }
}
