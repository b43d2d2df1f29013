package org.scx4j.cli.state;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.scx4j.core.sysfs.SchedExtStatus;
import org.scx4j.core.sysfs.SchedExtSysfs;
import org.scx4j.core.topology.Topology;

/**
 * The JSON form of {@code scx4j state}, for scripts and monitors: one object with a
 * {@code sched_ext} part (with {@code present: false} on a kernel without it) and a
 * {@code topology} part. CPU sets are cpulist strings; counters are unsigned numbers.
 */
public final class StateJson {

    private StateJson() {
    }

    public static String render(Optional<SchedExtStatus> status, Topology topology) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sched_ext", schedExt(status));
        root.put("topology", topology(topology));
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES).asString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> schedExt(Optional<SchedExtStatus> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("present", status.isPresent());
        if (status.isEmpty()) {
            m.put("missing_kernel_option", SchedExtSysfs.KERNEL_OPTION);
            m.put("hint", StateText.HINT);
            return m;
        }
        SchedExtStatus s = status.get();
        m.put("state", s.state().sysfsName());
        m.put("ops", s.ops().orElse(null));
        m.put("switch_all", s.switchAll());
        m.put("enable_seq", s.enableSeq().isPresent() ? unsigned(s.enableSeq().getAsLong()) : null);
        m.put("hotplug_seq", unsigned(s.hotplugSeq()));
        m.put("nr_rejected", unsigned(s.nrRejected()));
        Map<String, Object> events = new LinkedHashMap<>();
        s.events().forEach((k, v) -> events.put(k, unsigned(v)));
        m.put("events", events);
        return m;
    }

    private static Map<String, Object> topology(Topology t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("possible", t.possible().toList());
        m.put("online", t.online().toList());
        m.put("nr_cpu_ids", t.nrCpuIds());
        m.put("smt", t.smt());
        m.put("cpus", t.cpus().stream().map(c -> obj("id", c.id(), "core", c.core(), "llc", c.llc(), "node", c.node(),
                "package", c.packageId(), "siblings", c.siblings().toList())).toList());
        m.put("cores", t.cores().stream().map(c -> obj("id", c.id(), "package", c.packageId(),
                "kernel_core_id", c.kernelCoreId(), "cpus", c.cpus().toList())).toList());
        m.put("llcs", t.llcs().stream().map(l -> obj("id", l.id(), "cache_level", l.cacheLevel(), "cpus", l.cpus().toList())).toList());
        m.put("nodes", t.nodes().stream().map(n -> obj("id", n.id(), "cpus", n.cpus().toList())).toList());
        return m;
    }

    /** Kernel counters are u64: values past Long.MAX_VALUE print as the positive numbers they are. */
    private static Object unsigned(long v) {
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
    }

    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
