package org.scx4j.schedulers.rusty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scx4j.core.topology.Cpu;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.core.topology.Topology;

/**
 * scx_rusty's scheduling domains: groups of CPUs that share a cache (the last-level one by
 * default, {@code -c LEVEL} another level) or the groups {@code -C} lists. Domains are
 * numbered by their first CPU; a domain's node is its first CPU's, nodes numbered densely.
 *
 * @param cpus each domain's CPUs
 * @param node each domain's NUMA node
 */
public record Domains(List<CpuMask> cpus, int[] node) {
    /** The BPF side's limit: a task's allowed domains are one u64. */
    public static final int MAX = 64;

    /** The domain of each possible CPU id (CPUs no domain names, offline ones, count as domain 0). */
    public int[] cpuDomains(int nrCpuIds) {
        int[] dom = new int[nrCpuIds];
        for (int d = 0; d < cpus.size(); d++)
            for (int cpu : cpus.get(d)) if (cpu < nrCpuIds) dom[cpu] = d;
        return dom;
    }

    public int size() {
        return cpus.size();
    }

    /**
     * The CPUs that share the level-{@code cacheLevel} cache, per the sysfs below {@code sysRoot};
     * a level at or above the last-level cache (or a machine that reports no caches) gives the LLCs.
     */
    public static Domains byCache(Topology topology, int cacheLevel, Path sysRoot) {
        Map<CpuMask, CpuMask> groups = new LinkedHashMap<>();
        boolean llc = topology.llcs().stream().allMatch(l -> l.cacheLevel() <= cacheLevel);
        for (Cpu cpu : topology.cpus()) {
            CpuMask shared = llc ? topology.llcs().get(cpu.llc()).cpus() : cacheOf(sysRoot, cpu.id(), cacheLevel);
            groups.merge(shared, CpuMask.of(cpu.id()), CpuMask::or);
        }
        return of(topology, new ArrayList<>(groups.values()), "-c " + cacheLevel);
    }

    /** The domains {@code -C} gives as hexadecimal CPU masks; every online CPU in exactly one. */
    public static Domains byMasks(Topology topology, List<String> hexMasks) {
        List<CpuMask> groups = new ArrayList<>();
        CpuMask seen = CpuMask.empty();
        for (String hex : hexMasks) {
            CpuMask mask;
            try {
                mask = CpuMask.parseHex(hex).and(topology.possible());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-C " + hex + ": not a hexadecimal CPU mask (" + e.getMessage() + ")");
            }
            if (mask.isEmpty()) throw new IllegalArgumentException("-C " + hex + ": names no CPU of this machine");
            if (mask.intersects(seen))
                throw new IllegalArgumentException("-C " + hex + ": CPUs " + mask.and(seen).toList() + " are in another domain too");
            seen = seen.or(mask);
            groups.add(mask);
        }
        CpuMask missing = topology.online().andNot(seen);
        if (!missing.isEmpty()) throw new IllegalArgumentException("-C leaves CPUs " + missing.toList() + " in no domain");
        return of(topology, groups, "-C");
    }

    private static Domains of(Topology topology, List<CpuMask> groups, String option) {
        if (groups.size() > MAX)
            throw new IllegalArgumentException(option + " makes " + groups.size() + " domains; at most " + MAX + " are supported");
        groups.sort((a, b) -> Integer.compare(a.first(), b.first()));
        // Nodes numbered densely in the order their domains come, as the balancer counts them.
        List<Integer> nodeIds = new ArrayList<>();
        int[] node = new int[groups.size()];
        for (int d = 0; d < node.length; d++) {
            int id = topology.cpu(groups.get(d).first()).map(Cpu::node).orElse(0);
            if (!nodeIds.contains(id)) nodeIds.add(id);
            node[d] = nodeIds.indexOf(id);
        }
        return new Domains(List.copyOf(groups), node);
    }

    private static CpuMask cacheOf(Path sysRoot, int cpu, int level) {
        Path cacheDir = sysRoot.resolve("devices/system/cpu/cpu" + cpu + "/cache");
        try (var indexes = Files.list(cacheDir)) {
            for (Path index : indexes.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                if (Files.readString(index.resolve("level")).strip().equals(String.valueOf(level))
                        && !Files.readString(index.resolve("type")).strip().equals("Instruction"))
                    return CpuMask.parseList(Files.readString(index.resolve("shared_cpu_list")).strip());
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("-c " + level + ": cannot read CPU " + cpu + "'s caches in " + cacheDir
                    + " (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException("-c " + level + ": CPU " + cpu + " has no level-" + level + " cache");
    }
}
