package org.scx4j.cli.bench;

import java.util.List;
import java.util.Optional;

/**
 * One reading of {@code /sys/kernel/sched_ext} taken while a workload ran:
 * the state and, when a scheduler is loaded, its ops name. A run counts only
 * if every sample shows the scheduler loaded for it (the ops name seen when
 * it started; for EEVDF, none), which proves the figures belong to the
 * scheduler they are reported under.
 *
 * @param state the state file's content, e.g. {@code enabled}
 * @param ops   the loaded scheduler's ops name, {@code "-"} when none
 */
public record OpsSample(String state, String ops) {

    /** Parses a sample line {@code "STATE OPS"} as the guest sampler prints it. */
    public static OpsSample parse(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        return new OpsSample(parts[0].isEmpty() ? "?" : parts[0], parts.length > 1 ? parts[1] : "-");
    }

    /** The sample as it appears in the JSON. */
    @Override
    public String toString() {
        return state + " " + ops;
    }

    /**
     * Whether a loaded ops name belongs to the scheduler of that name: the
     * kernel shows the {@code ops.name} field, which by convention is the
     * scheduler's name without its {@code scx_} prefix.
     */
    public static boolean opsBelongsTo(String ops, String scheduler) {
        String bare = scheduler.startsWith("scx_") ? scheduler.substring(4) : scheduler;
        return ops.equals(scheduler) || ops.equals(bare) || ops.startsWith(bare + "_");
    }

    /**
     * The first sample that contradicts running under the scheduler that was
     * loaded with the ops name {@code loadedOps}: every sample must show
     * sched_ext enabled with that same ops name, or, for eevdf (no ops),
     * sched_ext disabled.
     */
    public static Optional<OpsSample> firstMismatch(List<OpsSample> samples, Optional<String> loadedOps) {
        for (OpsSample s : samples) {
            boolean ok = loadedOps.isEmpty()
                    ? s.state().equals("disabled")
                    : s.state().equals("enabled") && s.ops().equals(loadedOps.get());
            if (!ok) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
