package org.scx4j.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmTopologyTest {

    @Test
    void aSpecNamesSocketsCoresAndThreadsInAnyOrderAndMissingOnesAreOne() {
        assertThat(VmTopology.of("threads=2, sockets=2,cores=3", null, null)).isEqualTo(new VmTopology(2, 3, 2, 1));
        assertThat(VmTopology.of("sockets=2", 2, 2)).isEqualTo(new VmTopology(2, 1, 1, 2));
        assertThat(VmTopology.of("cores=4", null, null).cpus()).isEqualTo(4);
    }

    @Test
    void cpusAloneAreCoresOfOneSocketAndNumaAloneGivesOneSocketPerNode() {
        assertThat(VmTopology.of(null, null, null)).isNull();
        assertThat(VmTopology.of(null, null, 3)).isEqualTo(new VmTopology(1, 3, 1, 1));
        assertThat(VmTopology.of(null, 2, 4)).isEqualTo(new VmTopology(2, 2, 1, 2));
    }

    @Test
    void badLayoutsAreRejectedBeforeBooting() {
        assertThatThrownBy(() -> VmTopology.of("sockets=2,cores=2", null, 3)).hasMessageContaining("--cpus 3 does not match")
                .hasMessageContaining("4 CPUs");
        assertThatThrownBy(() -> VmTopology.of("sockets=3", 2, null)).hasMessageContaining("2 NUMA nodes do not divide 3 sockets");
        assertThatThrownBy(() -> VmTopology.of(null, 2, 3)).hasMessageContaining("--numa 2 does not divide the 3 CPUs");
        assertThatThrownBy(() -> VmTopology.of("sockets=2", 0, null)).hasMessageContaining("--numa must be at least 1");
        assertThatThrownBy(() -> VmTopology.of("sockets=0", null, null)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> VmTopology.of("dies=2", null, null)).hasMessageContaining("sockets=S,cores=C,threads=T");
        assertThatThrownBy(() -> VmTopology.of("cores=two", null, null)).hasMessageContaining("cores must be a number, not 'two'");
        assertThatThrownBy(() -> VmTopology.of("cores=2,cores=2", null, null)).hasMessageContaining("cores twice");
        assertThatThrownBy(() -> VmTopology.of("sockets=16,cores=16,threads=2", null, null)).hasMessageContaining("512 CPUs");
        assertThatThrownBy(() -> VmOptions.defaults().withMemoryMiB(256).withTopology(new VmTopology(4, 1, 1, 4)))
                .hasMessageContaining("4 NUMA nodes");
    }

    @Test
    void qemuGetsEveryLevelAnL3PerSocketAndSocketsSpreadOverNodes() {
        List<String> a = new VmTopology(4, 2, 2, 2).qemuArgs(1025);
        assertThat(a).containsSequence("-smp", "16,sockets=4,dies=1,cores=2,threads=2")
                .containsSequence("-machine", "smp-cache.0.cache=l3,smp-cache.0.topology=socket")
                .containsSequence("-object", "memory-backend-ram,id=mem0,size=512M", "-numa", "node,nodeid=0,memdev=mem0")
                .containsSequence("-object", "memory-backend-ram,id=mem1,size=513M", "-numa", "node,nodeid=1,memdev=mem1")
                .containsSequence("-numa", "cpu,node-id=0,socket-id=1", "-numa", "cpu,node-id=1,socket-id=2");
        assertThat(Collections.frequency(a, "-numa")).isEqualTo(2 + 4);
        assertThat(VmTopology.flat(2).qemuArgs(1024)).doesNotContain("-numa");
    }

    @Test
    void theBootLineNamesTheLayoutOnlyWhenItIsNotFlat() {
        assertThat(VmTopology.flat(2).describe()).isEqualTo("2 CPUs");
        assertThat(new VmTopology(2, 2, 2, 2).describe()).isEqualTo("8 CPUs sockets=2,cores=2,threads=2,numa=2");
    }
}
