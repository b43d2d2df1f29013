package org.scx4j.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU layout qemu presents: packages (sockets), cores per package, SMT threads per
 * core and NUMA nodes, with one last-level cache per package. Sockets are spread evenly
 * over the nodes, so a node holds whole packages and the guest sees node, package and LLC
 * nest inside one another as on a common multi-socket server.
 *
 * @param sockets packages (at least 1)
 * @param cores   cores per package (at least 1)
 * @param threads SMT siblings per core (at least 1)
 * @param nodes   NUMA nodes (at least 1, dividing {@code sockets}); 1 presents no NUMA at all
 */
public record VmTopology(int sockets, int cores, int threads, int nodes) {

    /** More would only make a software-emulated guest crawl; qemu's q35 stops at 1024 anyway. */
    static final int MAX_CPUS = 256;

    public VmTopology {
        if (sockets < 1 || cores < 1 || threads < 1)
            throw new IllegalArgumentException("sockets, cores and threads must each be at least 1, got sockets=%d,cores=%d,threads=%d"
                    .formatted(sockets, cores, threads));
        if ((long) sockets * cores * threads > MAX_CPUS)
            throw new IllegalArgumentException("sockets=%d,cores=%d,threads=%d makes %d CPUs; at most %d"
                    .formatted(sockets, cores, threads, (long) sockets * cores * threads, MAX_CPUS));
        if (nodes < 1) throw new IllegalArgumentException("the NUMA node count must be at least 1, got " + nodes);
        if (sockets % nodes != 0)
            throw new IllegalArgumentException("%d NUMA nodes do not divide %d sockets: each node holds whole sockets"
                    .formatted(nodes, sockets));
    }

    /** {@code n} cores in one package, no SMT, no NUMA: what a plain {@code -smp n} gives. */
    public static VmTopology flat(int cpus) {
        if (cpus < 1) throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        return new VmTopology(1, cpus, 1, 1);
    }

    /**
     * The layout --topology, --numa and --cpus ask for together; null when none is given.
     * Shared by everything that boots a VM, so all check it alike before booting.
     */
    public static VmTopology of(String spec, Integer numa, Integer cpus) {
        if (spec == null && numa == null) return cpus == null ? null : VmTopology.flat(cpus);
        int nodes = numa == null ? 1 : numa;
        if (nodes < 1) throw new IllegalArgumentException("--numa must be at least 1, got " + nodes);
        if (spec == null) {
            // --numa alone: one socket per node, the CPUs split evenly among them.
            int n = cpus == null ? Runtime.getRuntime().availableProcessors() : cpus;
            if (n % nodes != 0)
                throw new IllegalArgumentException("--numa %d does not divide the %d CPUs; give --topology with sockets a multiple of it"
                        .formatted(nodes, n));
            return new VmTopology(nodes, n / nodes, 1, nodes);
        }
        return VmTopology.parse(spec, cpus, nodes);
    }

    /**
     * Parses "sockets=2,cores=2,threads=2" (any order, a missing key is 1); with
     * {@code cpus} set too ({@code --cpus}), their product must match it.
     */
    static VmTopology parse(String spec, Integer cpus, int nodes) {
        int sockets = 1, cores = 1, threads = 1;
        List<String> seen = new ArrayList<>();
        for (String part : spec.strip().split(",")) {
            String[] kv = part.strip().split("=", 2);
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !List.of("sockets", "cores", "threads").contains(key))
                throw new IllegalArgumentException("--topology takes sockets=S,cores=C,threads=T (each optional), not '" + spec + "'");
            if (seen.contains(key)) throw new IllegalArgumentException("--topology names " + key + " twice in '" + spec + "'");
            seen.add(key);
            int v;
            try {
                v = Integer.parseInt(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--topology: " + key + " must be a number, not '" + kv[1].strip() + "'");
            }
            switch (key) {
                case "sockets" -> sockets = v;
                case "cores" -> cores = v;
                default -> threads = v;
            }
        }
        VmTopology t = new VmTopology(sockets, cores, threads, nodes);
        if (cpus != null && cpus != t.cpus())
            throw new IllegalArgumentException("--cpus %d does not match --topology %s, which makes %d CPUs"
                    .formatted(cpus, spec, t.cpus()));
        return t;
    }

    public int cpus() {
        return sockets * cores * threads;
    }

    /** "sockets=2,cores=2,threads=2,numa=2" (for messages and reports). */
    @Override
    public String toString() {
        return "sockets=%d,cores=%d,threads=%d".formatted(sockets, cores, threads) + (nodes > 1 ? ",numa=" + nodes : "");
    }

    /** "2 CPUs", or "8 CPUs sockets=2,cores=2,threads=2,numa=2" when more than one flat package. */
    String describe() {
        return cpus() + " CPUs" + (equals(flat(cpus())) ? "" : " " + this);
    }

    /**
     * qemu's options for this layout and {@code memoryMiB} of memory: -smp with every level
     * spelled out, the L3 cache shared per socket, and with NUMA one memory backend and one
     * node per group of sockets (the last node takes what does not divide evenly).
     */
    List<String> qemuArgs(long memoryMiB) {
        List<String> a = new ArrayList<>(List.of(
                "-smp", "%d,sockets=%d,dies=1,cores=%d,threads=%d".formatted(cpus(), sockets, cores, threads),
                "-machine", "smp-cache.0.cache=l3,smp-cache.0.topology=socket"));
        if (nodes == 1) return a;
        long each = memoryMiB / nodes;
        int socketsPerNode = sockets / nodes;
        for (int n = 0; n < nodes; n++) {
            long size = n == nodes - 1 ? memoryMiB - each * (nodes - 1) : each;
            a.addAll(List.of("-object", "memory-backend-ram,id=mem" + n + ",size=" + size + "M",
                    "-numa", "node,nodeid=" + n + ",memdev=mem" + n));
        }
        for (int s = 0; s < sockets; s++) a.addAll(List.of("-numa", "cpu,node-id=" + s / socketsPerNode + ",socket-id=" + s));
        return a;
    }
}
