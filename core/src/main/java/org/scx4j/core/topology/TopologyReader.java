package org.scx4j.core.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.scx4j.core.sysfs.SysfsDir;
import org.scx4j.core.sysfs.SysfsException;

/**
 * Builds a {@link Topology} from a sysfs tree in two passes: first what each online CPU
 * says about itself (package, core, sibling and cache masks, node), then dense cores
 * and LLCs grouped by identical masks, so every online CPU lands in exactly one core,
 * one LLC and one node even when sysfs is sparse (no caches, no NUMA).
 */
final class TopologyReader {

    /** What one CPU's sysfs directory says, before grouping. */
    private record Raw(int id, int packageId, int kernelCoreId, CpuMask threads, int cacheLevel, CpuMask cache) {
    }

    private final Path sysRoot;
    private final SysfsDir cpuDir;

    TopologyReader(Path sysRoot) {
        this.sysRoot = sysRoot;
        this.cpuDir = new SysfsDir(sysRoot.resolve("devices/system/cpu"));
    }

    Topology read() {
        if (!cpuDir.has("possible")) {
            throw new SysfsException("no CPU topology under " + sysRoot + ": " + cpuDir.path().resolve("possible")
                    + " is missing (point at a sysfs root such as /sys)");
        }
        CpuMask possible = cpuDir.readCpuList("possible");
        CpuMask online = cpuDir.readCpuList("online");

        List<Raw> raws = new ArrayList<>();
        for (int id : online.toArray()) {
            raws.add(readCpu(id, online));
        }
        Map<Integer, Integer> nodeOf = readNodes(online);

        Map<CpuMask, Integer> coreIndex = new LinkedHashMap<>();
        Map<CpuMask, Integer> llcIndex = new LinkedHashMap<>();
        Map<Integer, CpuMask> cacheKey = new HashMap<>();
        for (Raw r : raws) {
            coreIndex.putIfAbsent(r.threads(), coreIndex.size());
            CpuMask key = r.cacheLevel() > 0 ? r.cache() : samePackage(raws, r.packageId());
            cacheKey.put(r.id(), key);
            llcIndex.putIfAbsent(key, llcIndex.size());
        }

        CpuMask[] coreCpus = filled(coreIndex.size());
        CpuMask[] llcCpus = filled(llcIndex.size());
        int[] llcLevel = new int[llcIndex.size()];
        Raw[] coreFirst = new Raw[coreIndex.size()];
        Map<Integer, CpuMask> nodeCpus = new TreeMap<>();
        for (Raw r : raws) {
            int c = coreIndex.get(r.threads());
            coreCpus[c] = coreCpus[c].with(r.id());
            if (coreFirst[c] == null) {
                coreFirst[c] = r;
            }
            int l = llcIndex.get(cacheKey.get(r.id()));
            llcCpus[l] = llcCpus[l].with(r.id());
            llcLevel[l] = r.cacheLevel();
            nodeCpus.merge(nodeOf.get(r.id()), CpuMask.of(r.id()), CpuMask::or);
        }

        List<Cpu> cpus = new ArrayList<>();
        for (Raw r : raws) {
            int c = coreIndex.get(r.threads());
            cpus.add(new Cpu(r.id(), c, llcIndex.get(cacheKey.get(r.id())), nodeOf.get(r.id()), r.packageId(), coreCpus[c]));
        }
        List<Core> cores = new ArrayList<>();
        for (int c = 0; c < coreCpus.length; c++) {
            cores.add(new Core(c, coreFirst[c].packageId(), coreFirst[c].kernelCoreId(), coreCpus[c]));
        }
        List<Llc> llcs = new ArrayList<>();
        for (int l = 0; l < llcCpus.length; l++) {
            llcs.add(new Llc(l, llcLevel[l], llcCpus[l]));
        }
        List<Node> nodes = new ArrayList<>();
        nodeCpus.forEach((id, mask) -> nodes.add(new Node(id, mask)));
        return new Topology(possible, online, cpus, cores, llcs, nodes);
    }

    private Raw readCpu(int id, CpuMask online) {
        SysfsDir cpu = cpuDir.resolve("cpu" + id);
        SysfsDir topo = cpu.resolve("topology");
        CpuMask self = CpuMask.of(id);
        int packageId = topo.readInt("physical_package_id", 0);
        int coreId = topo.readInt("core_id", id);
        CpuMask threads = self;
        if (topo.has("thread_siblings_list")) {
            threads = topo.readCpuList("thread_siblings_list").and(online).or(self);
        } else if (topo.has("core_cpus_list")) {
            threads = topo.readCpuList("core_cpus_list").and(online).or(self);
        }
        // The LLC: the level-3 cache if there is one, else the highest level; instruction caches never qualify.
        int bestLevel = 0;
        CpuMask bestShared = self;
        SysfsDir cache = cpu.resolve("cache");
        for (String index : cache.list("index*")) {
            SysfsDir dir = cache.resolve(index);
            if (!dir.has("level") || dir.readIfPresent("type").orElse("Unified").equals("Instruction")) {
                continue;
            }
            int level = dir.readInt("level");
            boolean better = bestLevel != 3 && (level == 3 || level > bestLevel);
            if (better) {
                CpuMask shared = dir.has("shared_cpu_list") ? dir.readCpuList("shared_cpu_list")
                        : dir.has("shared_cpu_map") ? dir.readCpuMap("shared_cpu_map") : self;
                bestLevel = level;
                bestShared = shared.and(online).or(self);
            }
        }
        return new Raw(id, packageId, coreId, threads, bestLevel, bestShared);
    }

    /** Without cache information, a CPU's LLC is taken to be its whole package. */
    private static CpuMask samePackage(List<Raw> raws, int packageId) {
        CpuMask m = CpuMask.empty();
        for (Raw r : raws) {
            if (r.packageId() == packageId) {
                m = m.with(r.id());
            }
        }
        return m;
    }

    /** Node of every online CPU: from node/nodeN/cpulist, else the cpuN/nodeM link, else node 0 (no NUMA). */
    private Map<Integer, Integer> readNodes(CpuMask online) {
        Map<Integer, Integer> nodeOf = new HashMap<>();
        SysfsDir nodeDir = new SysfsDir(sysRoot.resolve("devices/system/node"));
        for (String name : nodeDir.list("node*")) {
            int id = nodeNumber(name);
            if (id < 0 || !nodeDir.resolve(name).has("cpulist")) {
                continue;
            }
            for (int cpu : nodeDir.resolve(name).readCpuList("cpulist").and(online).toArray()) {
                nodeOf.putIfAbsent(cpu, id);
            }
        }
        for (int cpu : online.toArray()) {
            if (!nodeOf.containsKey(cpu)) {
                int linked = cpuDir.resolve("cpu" + cpu).list("node*").stream()
                        .mapToInt(TopologyReader::nodeNumber).filter(n -> n >= 0).findFirst().orElse(0);
                nodeOf.put(cpu, linked);
            }
        }
        return nodeOf;
    }

    private static int nodeNumber(String name) {
        String digits = name.substring("node".length());
        return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 7
                ? Integer.parseInt(digits) : -1;
    }

    private static CpuMask[] filled(int n) {
        CpuMask[] a = new CpuMask[n];
        Arrays.fill(a, CpuMask.empty());
        return a;
    }
}
