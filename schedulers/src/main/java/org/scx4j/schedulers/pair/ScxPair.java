package org.scx4j.schedulers.pair;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_pair: CPUs in pairs (CPU i with CPU i + stride), and the two CPUs of a pair only
 * ever run tasks of the same cgroup at once, the pair moving from cgroup to cgroup in
 * batches. The policy is all in {@code scx_pair.bpf.c}; this class pairs the CPUs from
 * {@code -S}, hands the pairs to BPF and prints upstream's counters each second.
 */
@Command(name = "scx_pair", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A demo sched_ext core-scheduler which always makes every sibling CPU pair",
            "execute from the same CPU cgroup. Prints its counters each second; Ctrl-C stops it."})
public final class ScxPair extends BpfSchedulerCommand {
    /** MAX_CPUS in scx_pair.bpf.c: the size of its per-CPU pairing arrays. */
    static final int MAX_CPUS = 512;
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    @Option(names = "-S", paramLabel = "STRIDE", description = "Override CPU pair stride (default: nr_cpus_ids / 2).")
    Integer stride;

    private long seq;

    @Override
    protected MetricSet metrics() {
        return PairStats.METRICS;
    }

    @Override
    protected Optional<String> invalidOptions() {
        try {
            pairs(nrCpuIds());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The pairs for nrCpus CPU ids with this command's stride. */
    Pairs pairs(int nrCpus) {
        if (nrCpus > MAX_CPUS)
            throw new IllegalArgumentException("scx_pair supports up to " + MAX_CPUS + " CPUs, this machine has " + nrCpus);
        return Pairs.of(nrCpus, stride != null ? stride : Pairs.defaultStride(nrCpus));
    }

    /** The number of possible CPU ids (the highest possible CPU + 1), as the kernel's nr_cpu_ids. */
    static int nrCpuIds() {
        try {
            return CpuMask.parseList(Files.readString(POSSIBLE).strip()).last() + 1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + POSSIBLE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return PairStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_pair";
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        configure(rodata, kernel, nrCpuIds());
    }

    void configure(GlobalData rodata, KernelCompat kernel, int nrCpus) {
        Pairs pairs = pairs(nrCpus);
        rodata.setInt("nr_cpu_ids", nrCpus);
        // A pair stays on a cgroup for one default slice, as upstream's does.
        rodata.setLong("pair_batch_ns", kernel.value("SCX_SLICE_DFL"));
        var partner = rodata.segment("pair_cpu");
        var pairId = rodata.segment("pair_id");
        var index = rodata.segment("in_pair_idx");
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            partner.setAtIndex(ValueLayout.JAVA_INT, cpu, pairs.partner()[cpu]);
            pairId.setAtIndex(ValueLayout.JAVA_INT, cpu, pairs.pairId()[cpu]);
            index.setAtIndex(ValueLayout.JAVA_INT, cpu, pairs.index()[cpu]);
        }
        seq = 0;
        System.out.println("Pairs: " + pairs.describe());
    }

    /**
     * Migration-disabled tasks go through enqueue too, where the kernel has the flag, so
     * they also wait for their cgroup's turn rather than being put on their CPU directly.
     */
    @Override
    public void configureOps(StructView ops, KernelCompat kernel) {
        if (kernel.has("SCX_OPS_ENQ_MIGRATION_DISABLED"))
            ops.setLong("flags", ops.getLong("flags") | kernel.value("SCX_OPS_ENQ_MIGRATION_DISABLED"));
    }

    @Override
    public String report(BpfObject loaded) {
        return PairStats.read(loaded).report(seq++);
    }
}
