package org.scx4j.core.topology;

/**
 * A physical core: the online CPUs (hardware threads) that share it. Cores are numbered
 * densely from 0 in the order of their lowest CPU, because the kernel's own
 * {@code core_id} repeats across packages and may have gaps; the kernel's value is kept.
 *
 * @param id           dense index, 0-based
 * @param packageId    the physical package (socket) id
 * @param kernelCoreId the kernel's {@code topology/core_id}
 * @param cpus         the online CPUs of this core
 */
public record Core(int id, int packageId, int kernelCoreId, CpuMask cpus) {
}
