package org.scx4j.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.scx4j.core.fixture.FixtureTree;
import org.scx4j.core.sysfs.SysfsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topology read from small sysfs-shaped trees whose layout each test states. */
class TopologyFixtureTest {

    @TempDir
    Path root;

    /** 8 CPUs, SMT-2 (cpu N and N+4 share a core), 2 packages each with its own node and L3. */
    @Test
    void twoNodesSmtTwoLlcs() {
        FixtureTree t = new FixtureTree(root)
                .file("devices/system/cpu/possible", "0-7")
                .file("devices/system/cpu/online", "0-7")
                .file("devices/system/node/node0/cpulist", "0-1,4-5")
                .file("devices/system/node/node1/cpulist", "2-3,6-7");
        for (int cpu = 0; cpu < 8; cpu++) {
            int core = cpu % 4;
            int pkg = core / 2;
            t.cpu(cpu, pkg, core % 2, core + "," + (core + 4))
                    .cache(cpu, 0, 1, "Data", Integer.toString(cpu))
                    .cache(cpu, 1, 1, "Instruction", Integer.toString(cpu))
                    .cache(cpu, 2, 2, "Unified", core + "," + (core + 4))
                    .cache(cpu, 3, 3, "Unified", pkg == 0 ? "0-1,4-5" : "2-3,6-7");
        }

        Topology topo = Topology.read(root);

        assertThat(topo.possible().toList()).isEqualTo("0-7");
        assertThat(topo.offline().isEmpty()).isTrue();
        assertThat(topo.nrCpuIds()).isEqualTo(8);
        assertThat(topo.smt()).isTrue();
        assertThat(topo.cores()).extracting(c -> c.cpus().toList()).containsExactly("0,4", "1,5", "2,6", "3,7");
        assertThat(topo.cores()).extracting(Core::kernelCoreId).containsExactly(0, 1, 0, 1);
        assertThat(topo.cores()).extracting(Core::packageId).containsExactly(0, 0, 1, 1);
        assertThat(topo.llcs()).extracting(l -> l.cpus().toList()).containsExactly("0-1,4-5", "2-3,6-7");
        assertThat(topo.llcs()).extracting(Llc::cacheLevel).containsOnly(3);
        assertThat(topo.nodes()).extracting(Node::id).containsExactly(0, 1);
        assertThat(topo.nodes().get(1).cpus().toList()).isEqualTo("2-3,6-7");
        Cpu six = topo.cpu(6).orElseThrow();
        assertThat(six).isEqualTo(new Cpu(6, 2, 1, 1, 1, CpuMask.of(2, 6)));
    }

    /** CPU 2 is offline: sysfs has no topology for it, so it is possible but in no grouping. */
    @Test
    void offlineCpusAreCountedButNotGrouped() {
        FixtureTree t = new FixtureTree(root)
                .file("devices/system/cpu/possible", "0-3")
                .file("devices/system/cpu/online", "0-1,3")
                .file("devices/system/node/node0/cpulist", "0-1,3")
                .dir("devices/system/cpu/cpu2");
        for (int cpu : new int[] {0, 1, 3}) {
            // CPU 1 still names its offline SMT sibling 2, as some architectures leave it listed.
            t.cpu(cpu, 0, cpu, cpu == 1 ? "1-2" : Integer.toString(cpu)).cache(cpu, 3, 3, "Unified", "0-3");
        }

        Topology topo = Topology.read(root);

        assertThat(topo.offline()).isEqualTo(CpuMask.of(2));
        assertThat(topo.nrCpuIds()).isEqualTo(4);
        assertThat(topo.cpus()).extracting(Cpu::id).containsExactly(0, 1, 3);
        assertThat(topo.cpu(2)).isEmpty();
        assertThat(topo.smt()).isFalse();
        assertThat(topo.cpu(1).orElseThrow().siblings()).isEqualTo(CpuMask.of(1));
        // The cache lists CPU 2 too; the LLC holds only online CPUs.
        assertThat(topo.llcs()).singleElement().extracting(l -> l.cpus().toList()).isEqualTo("0-1,3");
    }

    /** One package, one node, but two L3 caches (as on CPUs built from core complexes): the LLC is the L3, not the package. */
    @Test
    void twoLlcsInOnePackage() {
        FixtureTree t = new FixtureTree(root)
                .file("devices/system/cpu/possible", "0-7")
                .file("devices/system/cpu/online", "0-7")
                .file("devices/system/node/node0/cpulist", "0-7");
        for (int cpu = 0; cpu < 8; cpu++) {
            int first = cpu & ~1;
            t.cpu(cpu, 0, cpu / 2, first + "-" + (first + 1))
                    .cache(cpu, 0, 1, "Data", first + "-" + (first + 1))
                    .cache(cpu, 3, 3, "Unified", cpu < 4 ? "0-3" : "4-7");
        }

        Topology topo = Topology.read(root);

        assertThat(topo.cores()).extracting(c -> c.cpus().toList()).containsExactly("0-1", "2-3", "4-5", "6-7");
        assertThat(topo.llcs()).containsExactly(new Llc(0, 3, CpuMask.range(0, 3)), new Llc(1, 3, CpuMask.range(4, 7)));
        assertThat(topo.nodes()).singleElement().isEqualTo(new Node(0, CpuMask.range(0, 7)));
        assertThat(topo.cpu(5).orElseThrow()).isEqualTo(new Cpu(5, 2, 1, 0, 0, CpuMask.of(4, 5)));
    }

    /** A kernel without NUMA (no node directory) and without cache info: one node 0, one LLC per package. */
    @Test
    void noNodeDirectoryAndNoCaches() {
        FixtureTree t = new FixtureTree(root)
                .file("devices/system/cpu/possible", "0-3")
                .file("devices/system/cpu/online", "0-3");
        for (int cpu = 0; cpu < 4; cpu++) {
            t.cpu(cpu, cpu / 2, cpu % 2, Integer.toString(cpu));
        }

        Topology topo = Topology.read(root);

        assertThat(topo.nodes()).singleElement().isEqualTo(new Node(0, CpuMask.range(0, 3)));
        assertThat(topo.llcs()).containsExactly(new Llc(0, 0, CpuMask.of(0, 1)), new Llc(1, 0, CpuMask.of(2, 3)));
        assertThat(topo.cores()).hasSize(4);
    }

    /** Only L1/L2 caches, the L2 given as a hex shared_cpu_map; the node comes from the cpuN/nodeM link. */
    @Test
    void highestCacheLevelAndHexMapAndNodeLink() {
        FixtureTree t = new FixtureTree(root)
                .file("devices/system/cpu/possible", "0-3")
                .file("devices/system/cpu/online", "0-3")
                .dir("devices/system/node");
        for (int cpu = 0; cpu < 4; cpu++) {
            String idx = "devices/system/cpu/cpu" + cpu + "/cache/index2/";
            t.cpu(cpu, 0, cpu, Integer.toString(cpu))
                    .cache(cpu, 0, 1, "Data", Integer.toString(cpu))
                    .cache(cpu, 1, 2, "Instruction", "0-3")
                    .file(idx + "level", "2").file(idx + "type", "Unified").file(idx + "shared_cpu_map", cpu < 2 ? "3" : "c")
                    .dir("devices/system/cpu/cpu" + cpu + "/node" + (cpu < 2 ? 0 : 3));
        }

        Topology topo = Topology.read(root);

        assertThat(topo.llcs()).containsExactly(new Llc(0, 2, CpuMask.of(0, 1)), new Llc(1, 2, CpuMask.of(2, 3)));
        assertThat(topo.nodes()).containsExactly(new Node(0, CpuMask.of(0, 1)), new Node(3, CpuMask.of(2, 3)));
    }

    @Test
    void aTreeWithoutCpuFilesIsAClearError() {
        assertThatThrownBy(() -> Topology.read(root)).isInstanceOf(SysfsException.class)
                .hasMessageContaining("no CPU topology under " + root)
                .hasMessageContaining("devices/system/cpu/possible is missing");
    }

    @Test
    void aMalformedCpuListNamesTheFile() {
        new FixtureTree(root).file("devices/system/cpu/possible", "0-3").file("devices/system/cpu/online", "0-x");
        assertThatThrownBy(() -> Topology.read(root)).isInstanceOf(SysfsException.class)
                .hasMessageContaining("devices/system/cpu/online is not a cpulist")
                .hasMessageContaining("'x'");
    }
}
