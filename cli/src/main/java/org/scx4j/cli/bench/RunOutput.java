package org.scx4j.cli.bench;

import java.util.List;

/**
 * What the guest printed for one run, cut into its parts: the workload's own
 * output, then after {@link #SAMPLES_MARK} the sched_ext samples, then after
 * {@link #FOOTPRINT_MARK} the footprint probe's lines (none for eevdf). The
 * marks keep the parts apart whatever the workload prints.
 *
 * @param workload  the workload's standard output
 * @param samples   the sched_ext samples taken while it ran
 * @param footprint the footprint probe's lines, for {@link Footprint#parse}
 */
record RunOutput(String workload, List<OpsSample> samples, String footprint) {

    static final String SAMPLES_MARK = "@@scx4j-bench-ops";
    static final String FOOTPRINT_MARK = "@@scx4j-bench-footprint";

    RunOutput {
        samples = List.copyOf(samples);
    }

    /** Cuts the guest's standard output at the marks; a missing mark leaves its part empty. */
    static RunOutput parse(String stdout) {
        int mark = stdout.lastIndexOf(SAMPLES_MARK);
        if (mark < 0) {
            return new RunOutput(stdout, List.of(), "");
        }
        int samplesFrom = mark + SAMPLES_MARK.length();
        int footprintMark = stdout.indexOf(FOOTPRINT_MARK, samplesFrom);
        String samples = footprintMark < 0 ? stdout.substring(samplesFrom) : stdout.substring(samplesFrom, footprintMark);
        String footprint = footprintMark < 0 ? "" : stdout.substring(footprintMark + FOOTPRINT_MARK.length());
        return new RunOutput(stdout.substring(0, mark),
                samples.lines().filter(l -> !l.isBlank()).map(OpsSample::parse).toList(), footprint);
    }
}
