package org.scx4j.cli.bench;

import org.scx4j.vm.VmTopology;

/**
 * Where the figures were measured, named in every report because ratios from
 * a software-emulated VM and from KVM on other hardware are not comparable.
 *
 * @param hostCpu      the host's CPU model name
 * @param accelerator  {@code kvm}, {@code tcg} (software emulation) or {@code tcg-single} (on one host thread)
 * @param guestKernel  the guest's kernel release
 * @param topology     the guest's CPU layout (its CPU count, and sockets, SMT and NUMA nodes when it has them)
 * @param memoryMiB    the guest's memory
 */
public record BenchMachine(String hostCpu, String accelerator, String guestKernel, VmTopology topology, long memoryMiB) {

    public int vcpus() {
        return topology.cpus();
    }

    /** One line for the table header and the docs. */
    public String describe() {
        String accel = switch (accelerator) {
            case "tcg" -> "TCG (software emulation)";
            case "tcg-single" -> "TCG (software emulation, one host thread)";
            default -> accelerator.toUpperCase(java.util.Locale.ROOT);
        };
        String layout = topology.equals(VmTopology.flat(vcpus())) ? "" : " (" + topology + ")";
        return "kernel %s, %d vCPUs%s, %d MiB, %s on %s".formatted(guestKernel, vcpus(), layout, memoryMiB, accel, hostCpu);
    }
}
