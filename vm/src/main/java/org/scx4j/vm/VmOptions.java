package org.scx4j.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to boot a VM: its size, which kernel, how long booting may take, and which
 * host folders the guest may write to. A value, so tests and commands can start
 * from {@link #defaults()} and change only what they care about.
 *
 * @param topology    the virtual CPUs' layout: packages, cores, SMT threads and NUMA nodes
 * @param memoryMiB   guest memory in MiB (at least 256)
 * @param kernel      a kernel release or prefix ("7.3.4+deb13-amd64", "7.2"); null picks the newest
 * @param bootTimeout how long qemu may take from start to the guest's first command
 * @param shares      host folders mounted writable at the same path in the guest, in
 *                    addition to the project folder (the current git top-level)
 * @param vcpuThreads under software emulation, one host thread per vCPU (vCPUs run in
 *                    parallel, as benchmarks need) instead of one for all (immune to torn
 *                    code in the guest JVM; see {@link Accelerator})
 */
public record VmOptions(VmTopology topology, long memoryMiB, String kernel, Duration bootTimeout, List<Path> shares,
                        boolean vcpuThreads) {

    public VmOptions {
        Objects.requireNonNull(topology, "topology");
        if (memoryMiB < 256) throw new IllegalArgumentException("memory must be at least 256 MiB, got " + memoryMiB);
        if (memoryMiB < 128L * topology.nodes())
            throw new IllegalArgumentException("%d MiB cannot be split over %d NUMA nodes: at least 128 MiB each"
                    .formatted(memoryMiB, topology.nodes()));
        Objects.requireNonNull(bootTimeout, "bootTimeout");
        if (bootTimeout.isNegative() || bootTimeout.isZero()) throw new IllegalArgumentException("bootTimeout must be positive");
        shares = shares.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The host's CPU count (as cores of one package), 4 GiB, the newest kernel, 3 minutes to boot, no extra shares. */
    public static VmOptions defaults() {
        return new VmOptions(VmTopology.flat(Runtime.getRuntime().availableProcessors()), 4096, null, Duration.ofMinutes(3), List.of(), false);
    }

    /** Virtual CPUs: sockets times cores times threads. */
    public int cpus() { return topology.cpus(); }

    /** {@code n} cores in one package. */
    public VmOptions withCpus(int n) { return withTopology(VmTopology.flat(n)); }

    public VmOptions withTopology(VmTopology t) { return new VmOptions(t, memoryMiB, kernel, bootTimeout, shares, vcpuThreads); }

    public VmOptions withMemoryMiB(long mib) { return new VmOptions(topology, mib, kernel, bootTimeout, shares, vcpuThreads); }

    public VmOptions withKernel(String k) { return new VmOptions(topology, memoryMiB, k, bootTimeout, shares, vcpuThreads); }

    public VmOptions withBootTimeout(Duration d) { return new VmOptions(topology, memoryMiB, kernel, d, shares, vcpuThreads); }

    public VmOptions withShare(Path dir) {
        List<Path> more = new ArrayList<>(shares);
        more.add(dir);
        return new VmOptions(topology, memoryMiB, kernel, bootTimeout, more, vcpuThreads);
    }

    public VmOptions withVcpuThreads(boolean on) { return new VmOptions(topology, memoryMiB, kernel, bootTimeout, shares, on); }
}
