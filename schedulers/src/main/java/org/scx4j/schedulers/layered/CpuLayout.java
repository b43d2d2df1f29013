package org.scx4j.schedulers.layered;

import java.util.Arrays;
import java.util.Comparator;
import org.scx4j.core.topology.Cpu;
import org.scx4j.core.topology.Topology;

/**
 * The online CPUs and, by CPU id, their core, LLC and node: what the growth orders need.
 *
 * @param cpus the online CPU ids, ascending
 * @param core each CPU id's core
 * @param llc  each CPU id's last-level cache
 * @param node each CPU id's NUMA node
 */
record CpuLayout(int[] cpus, int[] core, int[] llc, int[] node) {
    static CpuLayout of(Topology topology) {
        int n = topology.nrCpuIds();
        int[] core = new int[n], llc = new int[n], node = new int[n];
        for (Cpu cpu : topology.cpus()) {
            core[cpu.id()] = cpu.core();
            llc[cpu.id()] = cpu.llc();
            node[cpu.id()] = cpu.node();
        }
        return new CpuLayout(topology.online().stream().toArray(), core, llc, node);
    }

    /** CPU ids span: the size of arrays indexed by CPU id. */
    int nrCpuIds() {
        return core.length;
    }

    /** The online CPUs in topology order: by node, LLC, core, then id. */
    int[] topologyOrder() {
        return Arrays.stream(cpus).boxed()
                .sorted(Comparator.<Integer>comparingInt(c -> node[c]).thenComparingInt(c -> llc[c])
                        .thenComparingInt(c -> core[c]).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
    }
}
