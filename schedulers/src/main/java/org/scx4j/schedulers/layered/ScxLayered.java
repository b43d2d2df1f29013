package org.scx4j.schedulers.layered;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.topology.Cpu;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.idle.IdleSchedulerCommand;
import org.scx4j.schedulers.layered.config.ConfigException;
import org.scx4j.schedulers.layered.config.ExampleConfig;
import org.scx4j.schedulers.layered.config.Layer;
import org.scx4j.schedulers.layered.config.LayerCommon;
import org.scx4j.schedulers.layered.config.LayerConfig;
import org.scx4j.schedulers.layered.config.LayerKind;
import org.scx4j.schedulers.layered.config.LayerSpecOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scx_layered: tasks sorted into layers by the JSON specs, scheduled in BPF
 * ({@code scx_layered.bpf.c}), each layer's CPUs sized every {@code -i} by the {@link ControlLoop}.
 */
@Command(name = "scx_layered", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"Layers of tasks chosen by JSON match rules (no SPEC: the example), each with",
            "its own queues; Confined and Grouped layers own CPUs sized from Java every -i s.",
            "Upstream's other options are not supported. Ctrl-C stops it."})
public final class ScxLayered extends IdleSchedulerCommand {
    /** The BPF side's limits. */
    static final int MAX_CPUS = 512, MAX_LLCS = 64;

    @Mixin
    LayerSpecOptions specs = new LayerSpecOptions(); // here, not by picocli: see DefaultsStart

    @Option(names = {"-s", "--slice-us"}, paramLabel = "US",
            description = "Slice of layers that set no slice_us, in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 20000;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECS",
            description = "Interval of the control loop that sizes the layers, in seconds (default: ${DEFAULT-VALUE}).")
    double interval = 0.1;

    @Option(names = "--antistall-sec", paramLabel = "SECS",
            description = "A layer queue nobody served for this long is served first by any CPU (default: ${DEFAULT-VALUE}).")
    double antistallSec = 3;

    @Option(names = "--lo-fb-wait-us", paramLabel = "US",
            description = {"Tasks of layers that own no CPU wait on a low fallback queue, served when a CPU is idle;",
                "once it has waited this long, a CPU serves it first, up to --lo-fb-share of its time (default: ${DEFAULT-VALUE})."})
    long loFbWaitUs = 10000;

    @Option(names = "--lo-fb-share", paramLabel = "SHARE",
            description = "Each CPU's time guaranteed to the low fallback queue, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double loFbShare = 0.05;

    private LayerConfig config;
    private RuleEncoding rules;
    private CpuLayout layout;
    private ControlLoop loop;

    @Override
    public Integer call() {
        Optional<Integer> example = specs.writeExample();
        return example.isPresent() ? example.get() : super.call();
    }

    @Override
    protected MetricSet metrics() {
        if (config == null && specs.problem().isEmpty()) config = specs.config();
        return LayeredStats.metrics((config == null ? ExampleConfig.CONFIG : config).layers().size());
    }

    @Override
    public Optional<String> checkOptions() {
        long maxUs = Long.MAX_VALUE / 1000 / 1024;
        if (sliceUs < 1 || sliceUs > maxUs) return Optional.of("-s takes 1 to " + maxUs + " microseconds; got " + sliceUs);
        if (!(interval >= 0.01) || interval > 3600) return Optional.of("-i takes 0.01 to 3600 seconds; got " + interval);
        if (!(antistallSec > 0) || antistallSec > 3600) return Optional.of("--antistall-sec takes seconds above 0 (at most 3600); got " + antistallSec);
        if (loFbWaitUs < 0 || loFbWaitUs > 3_600_000_000L) return Optional.of("--lo-fb-wait-us takes 0 to 3600000000; got " + loFbWaitUs);
        if (!(loFbShare > 0) || loFbShare > 1) return Optional.of("--lo-fb-share takes a share above 0, at most 1; got " + loFbShare);
        Optional<String> problem = specs.problem();
        if (problem.isPresent()) return problem;
        config = specs.config();
        try {
            rules = RuleEncoding.of(config);
        } catch (ConfigException e) {
            return Optional.of(e.getMessage());
        }
        int n = machine.topology().nrCpuIds();
        if (n > MAX_CPUS) return Optional.of("this machine has " + n + " CPU ids; at most " + MAX_CPUS + " are supported");
        layout = CpuLayout.of(machine.topology());
        if (nrLlcs() > MAX_LLCS) return Optional.of("this machine has " + nrLlcs() + " LLC ids; at most " + MAX_LLCS + " are supported");
        return parsePrimary(null);
    }

    private int nrLlcs() {
        int max = 0;
        for (int c : layout.cpus()) max = Math.max(max, layout.llc()[c]);
        return max + 1;
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        requireChecked();
        rodata.setInt("nr_cpus", layout.nrCpuIds());
        rodata.setInt("nr_llcs", nrLlcs());
        rodata.setInt("nr_layers", config.layers().size());
        rodata.setLong("antistall_ns", Math.round(antistallSec * 1e9));
        rodata.setLong("lo_wait_ns", loFbWaitUs * 1000);
        rodata.setInt("lo_share_ppk", (int) Math.max(1, Math.round(loFbShare * 1024)));
        MemorySegment llc = rodata.segment("cpu_llc"), sibling = rodata.segment("cpu_sibling");
        for (int cpu = 0; cpu < layout.nrCpuIds(); cpu++) sibling.setAtIndex(ValueLayout.JAVA_INT, cpu, cpu);
        for (Cpu cpu : machine.topology().cpus()) {
            llc.setAtIndex(ValueLayout.JAVA_INT, cpu.id(), cpu.llc());
            var others = cpu.siblings().without(cpu.id());
            sibling.setAtIndex(ValueLayout.JAVA_INT, cpu.id(), others.isEmpty() ? cpu.id() : others.first());
        }
        MemorySegment kind = rodata.segment("layer_kind"), slice = rodata.segment("layer_slice_ns"),
                minExec = rodata.segment("layer_min_exec_ns"), yieldKeep = rodata.segment("layer_yield_keep"),
                perf = rodata.segment("layer_perf"), preempt = rodata.segment("layer_preempt"),
                preemptFirst = rodata.segment("layer_preempt_first"), prot = rodata.segment("layer_protected"),
                exclusive = rodata.segment("layer_exclusive"), fifo = rodata.segment("layer_fifo"),
                allowed = rodata.segment("layer_cpus");
        for (int l = 0; l < config.layers().size(); l++) {
            LayerKind k = config.layers().get(l).kind();
            LayerCommon c = k.common();
            kind.setAtIndex(ValueLayout.JAVA_INT, l, k.type().ordinal());
            slice.setAtIndex(ValueLayout.JAVA_LONG, l, (c.sliceUs() > 0 ? c.sliceUs() : sliceUs) * 1000);
            minExec.setAtIndex(ValueLayout.JAVA_LONG, l, c.minExecUs() * 1000);
            yieldKeep.setAtIndex(ValueLayout.JAVA_INT, l, (int) Math.round(c.yieldIgnore() * 1000));
            perf.setAtIndex(ValueLayout.JAVA_INT, l, c.perf());
            preempt.set(ValueLayout.JAVA_BOOLEAN, l, c.preempt());
            preemptFirst.set(ValueLayout.JAVA_BOOLEAN, l, c.preemptFirst());
            prot.set(ValueLayout.JAVA_BOOLEAN, l, k.isProtected());
            exclusive.set(ValueLayout.JAVA_BOOLEAN, l, c.exclusive());
            fifo.set(ValueLayout.JAVA_BOOLEAN, l, c.fifo());
            for (int cpu = 0; cpu < layout.nrCpuIds(); cpu++) { // one 64-bit word per 64 CPUs, MAX_CPUS / 64 a layer
                if (!GrowthOrder.allowed(c, layout, cpu)) continue;
                long at = ((long) l * (MAX_CPUS / 64) + cpu / 64) * Long.BYTES;
                allowed.set(ValueLayout.JAVA_LONG, at, allowed.get(ValueLayout.JAVA_LONG, at) | 1L << (cpu % 64));
            }
        }
        rules.write(rodata);
    }

    @Override
    public void beforeAttach(BpfObject loaded) {
        List<Layer> layers = config.layers();
        long owners = layers.stream().filter(l -> l.kind().type() != LayerKind.Type.Open).count();
        int[][] orders = new int[layers.size()][];
        int[] reach = new int[layers.size()];
        for (int l = 0, owning = 0; l < layers.size(); l++) {
            orders[l] = GrowthOrder.of(layers.get(l).kind().common(), layout, owning, (int) owners);
            reach[l] = orders[l].length;
            if (layers.get(l).kind().type() != LayerKind.Type.Open) owning++;
        }
        loop = new ControlLoop(loaded.bss(), loaded.map("cgrp_rule_bits"), new LayerSizing(layers, layout.cpus().length, reach),
                new CpuAssignment(orders, layout.nrCpuIds()), new CgroupRules(rules.cgroupRules()),
                Path.of("/sys/fs/cgroup"), layers.size(), Math.round(interval * 1e9));
        loop.step(System.nanoTime());
    }

    @Override
    public Running whileAttached(BpfObject loaded) {
        return Running.onThread("scx_layered-control", loop::run);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return LayeredStats.read(loaded, loop, config.layers().stream().map(Layer::name).toList(), layout.cpus().length);
    }

    @Override
    public String name() {
        return "scx_layered";
    }
}
