package org.scx4j.cli.bench;

import java.util.List;

/**
 * One run as it happened: which workload, which scheduler, which repetition,
 * its outcome, the sched_ext state sampled while it ran (proof of which
 * scheduler was active), and how long the workload took in the guest.
 *
 * @param workload   workload name
 * @param scheduler  scheduler name ({@code eevdf} for none loaded)
 * @param run        repetition, 1-based
 * @param outcome    figures or failure
 * @param opsSamples sched_ext samples taken during the run, e.g. {@code "enabled simple"}
 * @param seconds    wall time of the workload in the guest, as seen from the host
 */
public record RunRecord(String workload, String scheduler, int run, RunOutcome outcome,
        List<String> opsSamples, double seconds) {

    public RunRecord {
        opsSamples = List.copyOf(opsSamples);
    }
}
