package org.scx4j.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The running machine's topology obeys the invariants every scheduler relies on. */
class TopologyLiveTest {

    private final Topology topo = Topology.live();

    @Test
    void onlineCpusAreAPossibleSubsetMatchingTheKernel() throws Exception {
        assertThat(topo.online().isEmpty()).isFalse();
        assertThat(topo.possible().containsAll(topo.online())).isTrue();
        assertThat(topo.online()).isEqualTo(CpuMask.parseList(Files.readString(Path.of("/sys/devices/system/cpu/online"))));
        assertThat(topo.cpus()).hasSize(topo.online().cardinality());
        assertThat(topo.cpus()).extracting(Cpu::id).containsExactly(topo.online().stream().boxed().toArray(Integer[]::new));
    }

    @Test
    void everyOnlineCpuIsInExactlyOneCoreLlcAndNode() {
        CpuMask cores = CpuMask.empty();
        int coreTotal = 0;
        for (Core c : topo.cores()) {
            assertThat(c.cpus().intersects(cores)).as("core %s overlaps another", c).isFalse();
            cores = cores.or(c.cpus());
            coreTotal += c.cpus().cardinality();
        }
        assertThat(cores).isEqualTo(topo.online());
        assertThat(coreTotal).isEqualTo(topo.online().cardinality());
        CpuMask llcs = CpuMask.empty();
        for (Llc l : topo.llcs()) {
            assertThat(l.cpus().intersects(llcs)).as("LLC %s overlaps another", l).isFalse();
            llcs = llcs.or(l.cpus());
        }
        assertThat(llcs).isEqualTo(topo.online());
        CpuMask nodes = CpuMask.empty();
        for (Node n : topo.nodes()) {
            assertThat(n.cpus().intersects(nodes)).isFalse();
            nodes = nodes.or(n.cpus());
        }
        assertThat(nodes).isEqualTo(topo.online());
    }

    @Test
    void eachCpuPointsAtGroupsThatHoldIt() throws Exception {
        for (Cpu cpu : topo.cpus()) {
            assertThat(cpu.siblings().contains(cpu.id())).isTrue();
            assertThat(topo.cores().get(cpu.core()).cpus()).isEqualTo(cpu.siblings());
            assertThat(topo.llcs().get(cpu.llc()).cpus().containsAll(cpu.siblings())).isTrue();
            assertThat(topo.nodes()).filteredOn(n -> n.id() == cpu.node()).singleElement()
                    .satisfies(n -> assertThat(n.cpus().contains(cpu.id())).isTrue());
            Path siblings = Path.of("/sys/devices/system/cpu/cpu" + cpu.id() + "/topology/thread_siblings_list");
            if (Files.exists(siblings)) {
                assertThat(cpu.siblings()).isEqualTo(CpuMask.parseList(Files.readString(siblings)).and(topo.online()));
            }
        }
    }
}
