package org.scx4j.schedulers;

import org.scx4j.core.SchedulerRuntime;
import org.scx4j.userspace.Counters;
import org.scx4j.userspace.JavaScheduler;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every Java-policy scheduler shares ({@code -p/--partial}, {@code -v}, the stats
 * options, and the hidden test aids {@code --gc-stress} and {@code --fail-after}), as a picocli mixin, and the one way to run such a
 * scheduler with them.
 */
public final class JavaPolicyOptions {
    @Option(names = {"-p", "--partial"}, description = "Only schedule tasks whose policy is SCHED_EXT.")
    boolean partial;

    @Option(names = "-v", description = "Print libbpf's debug output.")
    boolean verbose;

    @Option(names = "--gc-stress", hidden = true, description = "Allocate garbage hard in a side thread (testing).")
    boolean gcStress;

    @Option(names = "--fail-after", hidden = true, paramLabel = "DECISIONS",
            description = "Make the policy throw after this many decisions (testing).")
    long failAfter;

    @Mixin
    StatsOptions stats = new StatsOptions();

    /** {@code -v}, for a start that skips picocli ({@link DefaultsStart}). */
    public void setVerbose(boolean on) {
        verbose = on;
    }

    /** Applies these options to {@code scheduler} (for a run or a test). */
    public void applyTo(JavaScheduler scheduler) {
        scheduler.setPartial(partial);
        scheduler.setGcStress(gcStress);
        scheduler.setFailAfter(failAfter);
        scheduler.setStats(stats.setup(Counters.metrics(scheduler.name())));
    }

    /** Applies the options and runs {@code scheduler} on the core runtime; returns the exit code. */
    public int run(JavaScheduler scheduler) {
        var withoutLoading = stats.runWithoutLoading(Counters.metrics(scheduler.name()), System.out, System.err);
        if (withoutLoading.isPresent()) {
            return withoutLoading.get();
        }
        applyTo(scheduler);
        return SchedulerRuntime.run(scheduler, verbose);
    }
}
