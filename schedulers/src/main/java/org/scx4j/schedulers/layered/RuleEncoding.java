package org.scx4j.schedulers.layered;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.scx4j.bpf.GlobalData;
import org.scx4j.schedulers.layered.config.ConfigException;
import org.scx4j.schedulers.layered.config.Layer;
import org.scx4j.schedulers.layered.config.LayerConfig;
import org.scx4j.schedulers.layered.config.Match;
import org.scx4j.schedulers.layered.config.MatchKind;

/**
 * The layers' match rules as the BPF side reads them from {@code .rodata}: every OR group of
 * every layer, in layer order, as a run of rules ({@code group_first}, {@code group_len});
 * each rule a kind, a number (or a range) and a comm prefix. Cgroup rules become a bit each,
 * which {@link CgroupRules} sets per cgroup id from Java.
 *
 * @param groupLayer  the layer of each group
 * @param groupFirst  the group's first rule
 * @param groupLen    its number of rules (0: every task)
 * @param kind        each rule's {@link RuleKind} ordinal
 * @param value       each rule's number, flag (0/1), cgroup bit or range start
 * @param end         each range's end (excluded), else 0
 * @param text        each rule's comm prefix, NUL-padded to {@link #COMM_LEN} bytes (or empty)
 * @param cgroupRules the cgroup rules, in bit order
 */
record RuleEncoding(int[] groupLayer, int[] groupFirst, int[] groupLen, int[] kind, long[] value, long[] end,
        byte[][] text, List<Match.Text> cgroupRules) {
    /** The BPF side's array sizes. */
    static final int MAX_GROUPS = 256, MAX_RULES = 256, COMM_LEN = 16, MAX_CGROUP_RULES = 64;

    /** The rule kinds BPF checks, in the order of its {@code enum rule_kind}. */
    enum RuleKind {
        CGROUP, COMM_PREFIX, COMM_EXCLUDE, PCOMM_PREFIX, PCOMM_EXCLUDE, NICE_ABOVE, NICE_BELOW, NICE_EQUALS, UID, GID,
        PID, PPID, TGID, GROUP_LEADER, KTHREAD, AVG_RUNTIME;

        static RuleKind of(MatchKind k) {
            return switch (k) {
                case CgroupPrefix, CgroupSuffix, CgroupContains, CgroupRegex -> CGROUP;
                case CommPrefix -> COMM_PREFIX;
                case CommPrefixExclude -> COMM_EXCLUDE;
                case PcommPrefix -> PCOMM_PREFIX;
                case PcommPrefixExclude -> PCOMM_EXCLUDE;
                case NiceAbove -> NICE_ABOVE;
                case NiceBelow -> NICE_BELOW;
                case NiceEquals -> NICE_EQUALS;
                case UIDEquals -> UID;
                case GIDEquals -> GID;
                case PIDEquals -> PID;
                case PPIDEquals -> PPID;
                case TGIDEquals -> TGID;
                case IsGroupLeader -> GROUP_LEADER;
                case IsKthread -> KTHREAD;
                case AvgRuntime -> AVG_RUNTIME;
            };
        }
    }

    /** Encodes config's rules; refuses (naming the layer) more rules than the BPF side can hold. */
    static RuleEncoding of(LayerConfig config) {
        List<int[]> groups = new ArrayList<>();
        List<Match> rules = new ArrayList<>();
        List<Match.Text> cgroupRules = new ArrayList<>();
        for (int l = 0; l < config.layers().size(); l++) {
            Layer layer = config.layers().get(l);
            for (int g = 0; g < layer.matches().size(); g++) {
                List<Match> group = layer.matches().get(g);
                groups.add(new int[] {l, rules.size(), group.size()});
                for (int r = 0; r < group.size(); r++) {
                    Match m = group.get(r);
                    String at = "matches[" + g + "][" + r + "]." + m.kind();
                    if (RuleKind.of(m.kind()) == RuleKind.CGROUP) {
                        if (cgroupRules.size() == MAX_CGROUP_RULES) {
                            throw refuse(layer, at, "more than " + MAX_CGROUP_RULES + " cgroup rules in all");
                        }
                        cgroupRules.add((Match.Text) m);
                    }
                    rules.add(m);
                }
            }
            if (groups.size() > MAX_GROUPS) throw refuse(layer, "matches", "more than " + MAX_GROUPS + " OR groups in all");
            if (rules.size() > MAX_RULES) throw refuse(layer, "matches", "more than " + MAX_RULES + " match rules in all");
        }
        int n = rules.size();
        int[] kind = new int[n];
        long[] value = new long[n], end = new long[n];
        byte[][] text = new byte[n][];
        int bit = 0;
        for (int i = 0; i < n; i++) {
            Match m = rules.get(i);
            RuleKind k = RuleKind.of(m.kind());
            kind[i] = k.ordinal();
            text[i] = new byte[0];
            switch (m) {
                case Match.Text t when k == RuleKind.CGROUP -> value[i] = bit++;
                case Match.Text t -> text[i] = t.text().getBytes(StandardCharsets.UTF_8);
                case Match.Number num -> value[i] = num.value();
                case Match.Flag f -> value[i] = f.value() ? 1 : 0;
                case Match.Range r -> {
                    value[i] = r.min();
                    end[i] = r.max();
                }
            }
        }
        return new RuleEncoding(groups.stream().mapToInt(g -> g[0]).toArray(), groups.stream().mapToInt(g -> g[1]).toArray(),
                groups.stream().mapToInt(g -> g[2]).toArray(), kind, value, end, text, List.copyOf(cgroupRules));
    }

    private static ConfigException refuse(Layer layer, String path, String problem) {
        return new ConfigException("", "layer \"" + layer.name() + "\"", path, problem);
    }

    /** Writes the arrays into the BPF side's {@code .rodata}. */
    void write(GlobalData rodata) {
        rodata.setInt("nr_groups", groupLayer.length);
        ints(rodata.segment("group_layer"), groupLayer);
        ints(rodata.segment("group_first"), groupFirst);
        ints(rodata.segment("group_len"), groupLen);
        ints(rodata.segment("rule_kind"), kind);
        MemorySegment values = rodata.segment("rule_value"), ends = rodata.segment("rule_end"),
                texts = rodata.segment("rule_text");
        for (int i = 0; i < value.length; i++) {
            values.setAtIndex(ValueLayout.JAVA_LONG, i, value[i]);
            ends.setAtIndex(ValueLayout.JAVA_LONG, i, end[i]);
            MemorySegment.copy(text[i], 0, texts, ValueLayout.JAVA_BYTE, (long) i * COMM_LEN, text[i].length);
        }
        rodata.setBoolean("rematch_each_run", reads(RuleKind.AVG_RUNTIME));
        rodata.setBoolean("rules_read_parent", reads(RuleKind.PCOMM_PREFIX, RuleKind.PCOMM_EXCLUDE, RuleKind.PPID));
        rodata.setBoolean("rules_read_ids", reads(RuleKind.UID, RuleKind.GID));
    }

    /** Whether some rule is of one of these kinds (what a task is matched again on). */
    boolean reads(RuleKind... kinds) {
        for (int k : kind) {
            for (RuleKind of : kinds) if (k == of.ordinal()) return true;
        }
        return false;
    }

    private static void ints(MemorySegment segment, int[] values) {
        for (int i = 0; i < values.length; i++) segment.setAtIndex(ValueLayout.JAVA_INT, i, values[i]);
    }
}
