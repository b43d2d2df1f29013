package org.scx4j.core.sysfs;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One reading of {@code /sys/kernel/sched_ext}, taken together so a display shows one
 * consistent-looking picture instead of re-reading each file.
 *
 * @param state      the {@code state} file
 * @param ops        the attached scheduler's name, empty when none is attached
 * @param switchAll  whether all tasks run on sched_ext
 * @param nrRejected the {@code nr_rejected} counter
 * @param hotplugSeq the {@code hotplug_seq} counter
 * @param enableSeq  the {@code enable_seq} counter; empty on kernels before 6.13
 * @param events     the attached scheduler's event counters, in the kernel's order
 */
public record SchedExtStatus(SchedExtState state, Optional<String> ops, boolean switchAll, long nrRejected,
        long hotplugSeq, OptionalLong enableSeq, Map<String, Long> events) {

    public SchedExtStatus {
        events = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(events));
    }
}
