package org.scx4j.core.topology;

/**
 * A NUMA node with the online CPUs it holds. Node ids are the kernel's (they may have
 * gaps); a kernel without NUMA support is one node 0 holding every CPU.
 *
 * @param id   the kernel's node id
 * @param cpus the online CPUs of this node
 */
public record Node(int id, CpuMask cpus) {
}
