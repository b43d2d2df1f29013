package org.scx4j.cli.bench;

import java.util.List;
import java.util.Optional;

/**
 * One reading of {@code /sys/kernel/sched_ext} taken while a workload ran:
 * the state and, when a scheduler is loaded, its ops name. A run counts only
 * if every sample shows the intended scheduler (or, for EEVDF, none), which
 * proves the figures belong to the scheduler they are reported under.
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
     * The first sample that contradicts running under {@code scheduler}, if any.
     * For {@code eevdf} every sample must show sched_ext disabled.
     */
    public static Optional<OpsSample> firstMismatch(List<OpsSample> samples, String scheduler) {
        for (OpsSample s : samples) {
            boolean ok = scheduler.equals(BenchResults.BASELINE)
                    ? s.state().equals("disabled")
                    : s.state().equals("enabled") && opsBelongsTo(s.ops(), scheduler);
            if (!ok) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
