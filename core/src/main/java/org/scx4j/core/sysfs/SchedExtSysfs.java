package org.scx4j.core.sysfs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the kernel publishes about sched_ext in {@code /sys/kernel/sched_ext}: whether a
 * BPF scheduler is attached, which one, and its counters. Pre-flight checks, the
 * hotplug restart logic, {@code scx4j state} and tests read it; it takes a sysfs root
 * so tests can use fixture trees. Values are read afresh on every call.
 */
public final class SchedExtSysfs {

    /** The kernel option a kernel needs for this directory to exist. */
    public static final String KERNEL_OPTION = "CONFIG_SCHED_CLASS_EXT";

    private final SysfsDir dir;

    private SchedExtSysfs(SysfsDir dir) {
        this.dir = dir;
    }

    /** The running kernel's {@code /sys/kernel/sched_ext}. */
    public static SchedExtSysfs live() {
        return under(Path.of("/sys"));
    }

    /** {@code kernel/sched_ext} below {@code sysRoot}, a directory laid out like {@code /sys}. */
    public static SchedExtSysfs under(Path sysRoot) {
        return new SchedExtSysfs(new SysfsDir(sysRoot.resolve("kernel/sched_ext")));
    }

    /** The directory this reads. */
    public Path path() {
        return dir.path();
    }

    /** Whether the kernel has sched_ext at all (the directory exists). */
    public boolean present() {
        return dir.exists();
    }

    public SchedExtState state() {
        String text = required().read("state");
        try {
            return SchedExtState.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SysfsException(dir.path().resolve("state") + ": " + e.getMessage(), e);
        }
    }

    /** The attached scheduler's name ({@code root/ops}); empty when none is attached. */
    public Optional<String> currentOps() {
        return required().resolve("root").readIfPresent("ops").filter(s -> !s.isEmpty());
    }

    /** Whether every task is on sched_ext, not only those with policy {@code SCHED_EXT}. */
    public boolean switchAll() {
        return required().readLong("switch_all") != 0;
    }

    /** Tasks refused because they had {@code SCHED_EXT} while the scheduler disallowed it. */
    public long nrRejected() {
        return required().readLong("nr_rejected");
    }

    /** Bumped on every CPU hotplug event; a loader copies it into {@code ops.hotplug_seq}. */
    public long hotplugSeq() {
        return required().readLong("hotplug_seq");
    }

    /** Bumped each time a scheduler is enabled (kernel 6.13 and later; an error on older kernels). */
    public long enableSeq() {
        return required().readLong("enable_seq");
    }

    /**
     * The attached scheduler's event counters ({@code root/events}, "name value" lines,
     * kernel 6.15 and later) in the kernel's order; empty when none is attached or the
     * kernel has no counters.
     */
    public Map<String, Long> events() {
        Optional<String> text = required().resolve("root").readIfPresent("events");
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> events = new LinkedHashMap<>();
        for (String line : text.get().split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                events.put(parts[0], Long.parseUnsignedLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new SysfsException(dir.path().resolve("root/events") + " has line '" + l
                        + "', expected 'NAME VALUE'", e);
            }
        }
        return Collections.unmodifiableMap(events);
    }

    /** Everything at once, for display; attributes an older kernel lacks are empty. */
    public SchedExtStatus status() {
        SysfsDir d = required();
        return new SchedExtStatus(state(), currentOps(), switchAll(), nrRejected(), hotplugSeq(),
                d.has("enable_seq") ? OptionalLong.of(enableSeq()) : OptionalLong.empty(), events());
    }

    private SysfsDir required() {
        if (!present()) {
            throw new SysfsException("this kernel has no sched_ext: " + dir.path() + " is missing. It needs a kernel built with "
                    + KERNEL_OPTION + "=y; try one in the built-in VM with 'scx4j vm'");
        }
        return dir;
    }
}
