package org.scx4j.schedulers;

import java.util.Optional;
import org.scx4j.bpf.StructView;
import org.scx4j.core.BpfScheduler;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.SchedulerRuntime;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.stats.StatsSetup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command every scheduler whose policy is BPF shares: {@code -v}, the stats options,
 * and running it (or only describing or monitoring its metrics). A subclass adds its own
 * options, its metrics, and what the {@link BpfScheduler} interface asks.
 */
public abstract class BpfSchedulerCommand implements DefaultsStart, BpfScheduler {

    @Option(names = "-v", description = "Print libbpf's debug output.")
    boolean verbose;

    /** Created here rather than by picocli, so a start that skips picocli ({@link DefaultsStart}) has it too. */
    @Mixin
    StatsOptions statsOptions = new StatsOptions();

    /** The scheduler's metrics, declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    protected abstract MetricSet metrics();

    /** Why the options cannot run (a value out of range for this machine), or empty; checked before loading. */
    protected Optional<String> invalidOptions() {
        return Optional.empty();
    }

    @Override
    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public Integer call() {
        var withoutLoading = statsOptions.runWithoutLoading(metrics(), System.out, System.err);
        if (withoutLoading.isPresent()) {
            return withoutLoading.get();
        }
        Optional<String> invalid = invalidOptions();
        if (invalid.isPresent()) {
            System.err.println(name() + ": " + invalid.get());
            return 2;
        }
        return SchedulerRuntime.run(this, verbose);
    }

    /** The BPF object built from {@code NAME.bpf.c}, beside the classes. */
    @Override
    public String objectResource() {
        return "/bpf/" + name() + ".bpf.o";
    }

    /** The struct_ops map: the name without {@code scx_}, then {@code _ops} ({@code simple_ops}). */
    @Override
    public String opsMap() {
        return name().substring("scx_".length()) + "_ops";
    }

    /** Kernels 6.15-6.17 define a flag saying the scheduler handles cgroup weights; sets it where it exists. */
    protected static void declareCgroupWeights(StructView ops, KernelCompat kernel) {
        if (kernel.has("SCX_OPS_HAS_CGROUP_WEIGHT"))
            ops.setLong("flags", ops.getLong("flags") | kernel.value("SCX_OPS_HAS_CGROUP_WEIGHT"));
    }

    @Override
    public Optional<StatsSetup> stats() {
        return Optional.of(statsOptions.setup(metrics()));
    }
}
