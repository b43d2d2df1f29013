package org.scx4j.core.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine's CPU layout as sysfs describes it: which CPUs are possible and online,
 * and how the online ones group into SMT cores, last-level caches and NUMA nodes.
 * Schedulers size their BPF maps from it and use the groupings for locality; it is read
 * once from a sysfs root so tests can feed fixture trees instead of {@code /sys}.
 * Only online CPUs have topology in sysfs, so the groupings cover online CPUs only.
 */
public final class Topology {

    private final CpuMask possible;
    private final CpuMask online;
    private final List<Cpu> cpus;
    private final List<Core> cores;
    private final List<Llc> llcs;
    private final List<Node> nodes;

    Topology(CpuMask possible, CpuMask online, List<Cpu> cpus, List<Core> cores, List<Llc> llcs, List<Node> nodes) {
        this.possible = possible;
        this.online = online;
        this.cpus = List.copyOf(cpus);
        this.cores = List.copyOf(cores);
        this.llcs = List.copyOf(llcs);
        this.nodes = List.copyOf(nodes);
    }

    /** The running machine's topology, from {@code /sys}. */
    public static Topology live() {
        return read(Path.of("/sys"));
    }

    /**
     * Reads the topology below {@code sysRoot}, a directory laid out like {@code /sys}
     * (it needs {@code devices/system/cpu/possible} and {@code online}).
     *
     * @throws org.scx4j.core.sysfs.SysfsException when required files are missing or malformed
     */
    public static Topology read(Path sysRoot) {
        return new TopologyReader(sysRoot).read();
    }

    /** CPU ids the kernel could ever bring online ({@code cpu/possible}). */
    public CpuMask possible() {
        return possible;
    }

    /** CPUs online now ({@code cpu/online}). */
    public CpuMask online() {
        return online;
    }

    /** Possible CPUs that are not online. */
    public CpuMask offline() {
        return possible.andNot(online);
    }

    /** The kernel's {@code nr_cpu_ids}: one more than the highest possible CPU id, the size of per-CPU arrays. */
    public int nrCpuIds() {
        return possible.isEmpty() ? 0 : possible.last() + 1;
    }

    /** The online CPUs, ascending by id. */
    public List<Cpu> cpus() {
        return cpus;
    }

    /** The online CPU {@code id}, or empty if it is offline or does not exist. */
    public Optional<Cpu> cpu(int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst();
    }

    /** Physical cores, indexed by {@link Cpu#core()}. */
    public List<Core> cores() {
        return cores;
    }

    /** Last-level cache domains, indexed by {@link Cpu#llc()}. */
    public List<Llc> llcs() {
        return llcs;
    }

    /** NUMA nodes holding online CPUs, ascending by id. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Whether any core runs more than one online hardware thread. */
    public boolean smt() {
        return cores.stream().anyMatch(c -> c.cpus().cardinality() > 1);
    }

    @Override
    public String toString() {
        return "Topology[possible=" + possible.toList() + ", online=" + online.toList() + ", cores=" + cores.size()
                + ", llcs=" + llcs.size() + ", nodes=" + nodes.size() + ", smt=" + smt() + "]";
    }
}
