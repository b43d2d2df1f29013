package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.vm.Result;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmTopology;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * A VM with two sockets of two SMT cores and two NUMA nodes: the guest kernel must see
 * the layout asked for, and {@code scx4j state} (core.topology's reader) must read it
 * back as packages, cores, LLCs and nodes that match both the request and the guest's
 * own sysfs.
 */
@ExtendWith(VmExtension.class)
@VmConfig(topology = "sockets=2,cores=2,threads=2", numa = 2, memoryMiB = 1024)
class VmTopologyIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final VmConfig CONFIG = VmTopologyIT.class.getAnnotation(VmConfig.class);
    private static final VmTopology ASKED = VmTopology.of(CONFIG.topology(), CONFIG.numa(), null);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> topology(Vm vm) throws Exception {
        String jar = System.getProperty("scx4j.jar");
        assertThat(jar).as("system property scx4j.jar (set by the build)").isNotNull();
        Result r = vm.run(Duration.ofMinutes(3), JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "state", "--json");
        assertThat(r.exitCode()).as("stdout %s%nstderr %s", r.stdout(), r.stderr()).isZero();
        return (Map<String, Object>) JSON.std.mapFrom(r.stdout()).get("topology");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> topology, String key) {
        return (List<Map<String, Object>>) topology.get(key);
    }

    private static CpuMask cpus(Map<String, Object> entry, String key) {
        return CpuMask.parseList((String) entry.get(key));
    }

    @Test
    void theReaderSeesTheLayoutAskedFor(Vm vm) throws Exception {
        Map<String, Object> t = topology(vm);
        assertThat(CpuMask.parseList((String) t.get("online")).cardinality()).isEqualTo(ASKED.cpus());
        assertThat(t.get("smt")).isEqualTo(ASKED.threads() > 1);

        List<Map<String, Object>> cores = list(t, "cores");
        assertThat(cores).hasSize(ASKED.sockets() * ASKED.cores());
        for (Map<String, Object> core : cores) assertThat(cpus(core, "cpus").cardinality()).as("core %s", core).isEqualTo(ASKED.threads());

        // Each package's CPUs, as the reader reports them per CPU.
        Map<Integer, CpuMask> packages = new TreeMap<>();
        for (Map<String, Object> cpu : list(t, "cpus"))
            packages.merge(((Number) cpu.get("package")).intValue(), CpuMask.of(((Number) cpu.get("id")).intValue()), CpuMask::or);
        assertThat(packages).hasSize(ASKED.sockets());

        List<Map<String, Object>> llcs = list(t, "llcs");
        assertThat(llcs).hasSize(ASKED.sockets());
        for (Map<String, Object> llc : llcs) {
            assertThat(((Number) llc.get("cache_level")).intValue()).as("llc %s", llc).isEqualTo(3);
            assertThat(packages.values()).as("one LLC per package").contains(cpus(llc, "cpus"));
        }

        List<Map<String, Object>> nodes = list(t, "nodes");
        assertThat(nodes).hasSize(ASKED.nodes());
        for (Map<String, Object> node : nodes) {
            CpuMask n = cpus(node, "cpus");
            assertThat(n.cardinality()).as("node %s", node).isEqualTo(ASKED.cpus() / ASKED.nodes());
            for (CpuMask p : packages.values())
                assertThat(n.containsAll(p) || !n.intersects(p)).as("node %s holds whole packages, not part of %s", n, p.toList()).isTrue();
        }
    }

    /** What the guest's sysfs says per CPU, read with a shell, against what the reader made of it. */
    @Test
    void theReaderAgreesWithTheGuestSysfs(Vm vm) throws Exception {
        Result raw = vm.run("sh", "-c", """
                cd /sys/devices/system/cpu
                for c in cpu[0-9]*; do
                  echo "$c $(cat $c/topology/thread_siblings_list) $(cat $c/cache/index3/shared_cpu_list)"
                done
                for n in /sys/devices/system/node/node[0-9]*; do echo "${n##*/} $(cat $n/cpulist)"; done
                echo "has_memory $(cat /sys/devices/system/node/has_memory)"
                """);
        assertThat(raw.exitCode()).as(raw.stderr()).isZero();
        Map<Integer, String[]> sysCpu = new HashMap<>();
        Map<Integer, CpuMask> sysNode = new HashMap<>();
        String hasMemory = null;
        for (String line : raw.stdout().strip().split("\n")) {
            String[] f = line.split(" ");
            if (f[0].startsWith("cpu")) sysCpu.put(Integer.parseInt(f[0].substring(3)), f);
            else if (f[0].startsWith("node")) sysNode.put(Integer.parseInt(f[0].substring(4)), CpuMask.parseList(f[1]));
            else hasMemory = f[1];
        }
        assertThat(sysCpu).hasSize(ASKED.cpus());
        assertThat(sysNode).hasSize(ASKED.nodes());
        assertThat(CpuMask.parseList(hasMemory).cardinality()).as("nodes with memory").isEqualTo(ASKED.nodes());

        Map<String, Object> t = topology(vm);
        List<Map<String, Object>> llcs = list(t, "llcs");
        Set<Integer> seen = new HashSet<>();
        for (Map<String, Object> cpu : list(t, "cpus")) {
            int id = ((Number) cpu.get("id")).intValue();
            seen.add(id);
            String[] s = sysCpu.get(id);
            assertThat(cpus(cpu, "siblings")).as("cpu%d siblings", id).isEqualTo(CpuMask.parseList(s[1]));
            assertThat(cpus(llcs.get(((Number) cpu.get("llc")).intValue()), "cpus")).as("cpu%d LLC", id).isEqualTo(CpuMask.parseList(s[2]));
            assertThat(sysNode.get(((Number) cpu.get("node")).intValue()).contains(id)).as("cpu%d in node %s", id, cpu.get("node")).isTrue();
        }
        assertThat(seen).isEqualTo(sysCpu.keySet());
    }
}
