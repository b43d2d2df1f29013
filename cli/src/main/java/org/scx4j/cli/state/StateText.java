package org.scx4j.cli.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scx4j.core.sysfs.SchedExtStatus;
import org.scx4j.core.sysfs.SchedExtSysfs;
import org.scx4j.core.topology.Topology;

/**
 * The human-readable form of {@code scx4j state}: one "label  value" line per fact,
 * labels padded to one column so the values line up, event counters right-aligned.
 */
public final class StateText {

    /** What to do on a kernel without sched_ext. */
    public static final String HINT = "run schedulers in the built-in VM instead: 'scx4j try SCHEDULER' or 'scx4j vm'";

    private StateText() {
    }

    /** The full report; {@code status} is empty when the kernel has no sched_ext. */
    public static String render(Optional<SchedExtStatus> status, Topology topology) {
        List<String[]> rows = new ArrayList<>();
        if (status.isEmpty()) {
            rows.add(row("sched_ext", "not available: this kernel was built without " + SchedExtSysfs.KERNEL_OPTION));
            rows.add(row("", HINT));
        } else {
            SchedExtStatus s = status.get();
            rows.add(row("sched_ext", s.state().sysfsName()));
            rows.add(row("ops", s.ops().orElse("none")));
            rows.add(row("switch_all", s.switchAll() ? "yes (all tasks)" : "no (SCHED_EXT tasks only)"));
            s.enableSeq().ifPresent(v -> rows.add(row("enable_seq", Long.toUnsignedString(v))));
            rows.add(row("hotplug_seq", Long.toUnsignedString(s.hotplugSeq())));
            rows.add(row("nr_rejected", Long.toUnsignedString(s.nrRejected())));
            rows.addAll(eventRows(s.events()));
        }
        rows.add(row("cpus", topology.online().toList() + " online of " + topology.possible().toList() + " possible"));
        rows.add(row("cores", topology.cores().size() + (topology.smt() ? " (SMT on)" : " (no SMT)")));
        rows.add(row("llcs", topology.llcs().size() + ": " + String.join(" | ",
                topology.llcs().stream().map(l -> l.cpus().toList()).toList())));
        rows.add(row("nodes", topology.nodes().size() + ": " + String.join(" | ",
                topology.nodes().stream().map(n -> "node" + n.id() + " " + n.cpus().toList()).toList())));
        return align(rows);
    }

    private static List<String[]> eventRows(Map<String, Long> events) {
        List<String[]> rows = new ArrayList<>();
        int nameWidth = events.keySet().stream().mapToInt(String::length).max().orElse(0);
        int valueWidth = events.values().stream().mapToInt(v -> Long.toUnsignedString(v).length()).max().orElse(0);
        boolean first = true;
        for (Map.Entry<String, Long> e : events.entrySet()) {
            String value = String.format("%-" + nameWidth + "s  %" + valueWidth + "s", e.getKey(), Long.toUnsignedString(e.getValue()));
            rows.add(row(first ? "events" : "", value));
            first = false;
        }
        return rows;
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    /** Labels padded to the longest possible one, so the value column sits still whatever the kernel shows. */
    private static String align(List<String[]> rows) {
        int width = Math.max("hotplug_seq".length(), rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append(String.format("%-" + width + "s  %s%n", r[0], r[1]));
        }
        return out.toString();
    }
}
