package org.scx4j.core.topology;

/**
 * One online CPU and where it sits: the indexes of its core and last-level cache in
 * {@link Topology#cores()} and {@link Topology#llcs()}, its NUMA node, and the CPUs it
 * shares a core with. Schedulers use it to keep tasks near their caches and to prefer
 * fully idle cores.
 *
 * @param id        the kernel's CPU id
 * @param core      index into {@link Topology#cores()}
 * @param llc       index into {@link Topology#llcs()}
 * @param node      the NUMA node id (0 on a kernel without NUMA)
 * @param packageId the physical package (socket) id the kernel reports
 * @param siblings  the online CPUs of this CPU's core, itself included (SMT siblings)
 */
public record Cpu(int id, int core, int llc, int node, int packageId, CpuMask siblings) {
}
