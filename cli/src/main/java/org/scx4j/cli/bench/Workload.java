package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A short, self-contained job run in the guest whose output yields defined
 * figures. Each workload is a shell script for the guest (so it needs nothing
 * but the tools the host already has) and a parser for that script's output
 * (so all the arithmetic happens in Java, where it is unit-tested).
 */
public sealed interface Workload
        permits MessagingWorkload, WakeupLatencyWorkload, FairnessWorkload, InteractiveWorkload {

    /** Every workload, in the order they run and print. */
    List<Workload> ALL = List.of(
            new MessagingWorkload(), new WakeupLatencyWorkload(), new FairnessWorkload(), new InteractiveWorkload());

    /** The name used on the command line and in reports. */
    String name();

    /** One line for {@code --help} and the docs: what is run and what is measured. */
    String description();

    /** The figures {@link #parse} returns, in display order. */
    List<Figure> figures();

    /**
     * The bash script to run in the guest.
     *
     * @param cpus  the guest's CPU count (hogs are sized to saturate every CPU)
     * @param scale 1.0 for the normal size; smaller for quick checks
     */
    String script(int cpus, double scale);

    /** How long the script may take before the run counts as failed. */
    Duration timeout(double scale);

    /**
     * Reads the figures out of the script's standard output.
     *
     * @throws WorkloadOutputException when the output lacks what the figures need
     */
    Map<String, Double> parse(String stdout) throws WorkloadOutputException;

    /** The workload with this name, if any. */
    static Optional<Workload> named(String name) {
        return ALL.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** The names of all workloads, comma separated, for error messages and help. */
    static String names() {
        return String.join(", ", ALL.stream().map(Workload::name).toList());
    }

    /** Scales a base count, never below {@code min}. */
    static int scaled(int base, double scale, int min) {
        return Math.max(min, (int) Math.round(base * scale));
    }
}
