package org.scx4j.schedulers.idle;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.topology.Cpu;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.core.topology.Topology;

/**
 * What {@code scx/idle.bpf.h} needs to know of the machine, written into its {@code .rodata}:
 * each CPU's LLC, node, an SMT sibling and capacity, the CPUs by capacity (highest first),
 * and the primary domain. Capacities come from sysfs ({@code cpu_capacity}, else the
 * highest frequency), 1024 for the fastest CPU; all 1024 when sysfs says nothing.
 *
 * @param topology the CPUs, cores, LLCs and nodes
 * @param capacity each CPU id's capacity, 0..1024
 */
public record IdleTopology(Topology topology, int[] capacity) {
    /** The BPF side's array size ({@code SCX_IDLE_MAX_CPUS}). */
    public static final int MAX_CPUS = 1024;

    /** The running machine. */
    public static IdleTopology live() {
        return read(Path.of("/sys"));
    }

    /** The machine described below {@code sysRoot} (a directory laid out like {@code /sys}). */
    public static IdleTopology read(Path sysRoot) {
        Topology topology = Topology.read(sysRoot);
        long[] raw = new long[topology.nrCpuIds()];
        for (Cpu cpu : topology.cpus()) {
            Path dir = sysRoot.resolve("devices/system/cpu/cpu" + cpu.id());
            raw[cpu.id()] = number(dir.resolve("cpu_capacity"));
            if (raw[cpu.id()] == 0) raw[cpu.id()] = number(dir.resolve("cpufreq/cpuinfo_max_freq"));
        }
        long max = Arrays.stream(raw).max().orElse(0);
        int[] capacity = new int[raw.length];
        for (int i = 0; i < raw.length; i++) capacity[i] = max == 0 ? 1024 : (int) (raw[i] * 1024 / max);
        return new IdleTopology(topology, capacity);
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (Exception e) {
            return 0; // absent on this machine (no asymmetric capacities, no cpufreq)
        }
    }

    /** The number of CPU ids, or why this machine has too many for the BPF side. */
    public int nrCpuIds() {
        int n = topology.nrCpuIds();
        if (n > MAX_CPUS) throw new IllegalArgumentException("this machine has " + n + " CPU ids; at most " + MAX_CPUS + " are supported");
        return n;
    }

    /** Online CPU ids, highest capacity first (lowest id first among equals). */
    public int[] byCapacity() {
        return topology.online().stream().boxed()
                .sorted(Comparator.comparingInt((Integer c) -> -capacity[c]).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Whether any two online CPUs share a core. */
    public boolean smt() {
        return topology.smt();
    }

    /** The number of NUMA nodes with CPUs. */
    public int nodes() {
        return topology.nodes().size();
    }

    /**
     * Fills {@code scx/idle.bpf.h}'s {@code .rodata}. {@code primary} is the primary domain
     * (all CPUs: no preference); SMT and NUMA are used only when asked and present.
     */
    public void configure(GlobalData rodata, CpuMask primary, boolean useSmt, boolean useNuma, boolean flatScan,
            boolean preferredScan) {
        int n = nrCpuIds();
        rodata.setInt("idle_nr_cpus", n);
        rodata.setBoolean("idle_smt", useSmt && smt());
        rodata.setBoolean("idle_numa", useNuma && nodes() > 1);
        rodata.setBoolean("idle_primary_all", primary.containsAll(topology.possible()));
        rodata.setBoolean("idle_flat_scan", flatScan);
        rodata.setBoolean("idle_preferred_scan", preferredScan);
        var llc = rodata.segment("idle_cpu_llc");
        var node = rodata.segment("idle_cpu_node");
        var sibling = rodata.segment("idle_cpu_sibling");
        var cap = rodata.segment("idle_cpu_capacity");
        for (int cpu = 0; cpu < n; cpu++) {
            sibling.setAtIndex(ValueLayout.JAVA_INT, cpu, cpu);
            cap.setAtIndex(ValueLayout.JAVA_INT, cpu, capacity[cpu]);
        }
        for (Cpu cpu : topology.cpus()) {
            llc.setAtIndex(ValueLayout.JAVA_INT, cpu.id(), cpu.llc());
            node.setAtIndex(ValueLayout.JAVA_INT, cpu.id(), cpu.node() < n ? cpu.node() : 0);
            int other = cpu.siblings().without(cpu.id()).isEmpty() ? cpu.id() : cpu.siblings().without(cpu.id()).first();
            sibling.setAtIndex(ValueLayout.JAVA_INT, cpu.id(), other);
        }
        int[] order = IntStream.concat(Arrays.stream(byCapacity()), topology.offline().stream()).toArray();
        var orderSeg = rodata.segment("idle_cpu_order");
        for (int i = 0; i < order.length && i < n; i++) orderSeg.setAtIndex(ValueLayout.JAVA_INT, i, order[i]);
        long[] words = primary.toWords(MAX_CPUS / 64);
        var prim = rodata.segment("idle_primary");
        for (int i = 0; i < words.length; i++) prim.setAtIndex(ValueLayout.JAVA_LONG, i, words[i]);
    }
}
