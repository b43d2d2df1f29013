package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * struct_ops attach and detach on the host kernel, which has no sched_ext: a minimal TCP
 * congestion control registers under its name and is gone once its link is closed.
 */
class StructOpsTest {
    static final Path AVAILABLE = Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");

    static List<String> available() throws IOException {
        return List.of(Files.readString(AVAILABLE).trim().split("\\s+"));
    }

    @Test
    void congestionControlIsRegisteredWhileTheLinkIsOpen() throws IOException {
        try (BpfObject o = BpfObject.openResource(StructOpsTest.class, "/bpf/tcp_cc.bpf.o")) {
            o.load();
            assertThat(available()).doesNotContain("scx4j_test_cc");
            Link link = o.attachStructOps("scx4j_test_cc");
            assertThat(link.attached()).isTrue();
            assertThat(available()).contains("scx4j_test_cc");
            link.close();
            assertThat(link.attached()).isFalse();
            assertThat(available()).doesNotContain("scx4j_test_cc");
        }
    }

    @Test
    void structOpsMembersSetBeforeLoadReachTheKernel() throws IOException {
        try (BpfObject o = BpfObject.openResource(StructOpsTest.class, "/bpf/tcp_cc.bpf.o")) {
            StructView ops = o.structOps("scx4j_test_cc");
            assertThat(new String(ops.getBytes("name")).trim()).startsWith("scx4j_test_cc");
            ops.setBytes("name", "scx4j_renamed".getBytes());
            o.load();
            assertThatThrownBy(() -> o.structOps("scx4j_test_cc")).isInstanceOf(IllegalStateException.class);
            try (Link link = o.attachStructOps("scx4j_test_cc")) {
                assertThat(available()).contains("scx4j_renamed").doesNotContain("scx4j_test_cc");
            }
            assertThat(available()).doesNotContain("scx4j_renamed");
        }
    }

    @Test
    void closingTheObjectDetachesItsLinks() throws IOException {
        BpfObject o = BpfObject.openResource(StructOpsTest.class, "/bpf/tcp_cc.bpf.o");
        o.load();
        Link link = o.attachStructOps("scx4j_test_cc");
        assertThat(available()).contains("scx4j_test_cc");
        o.close();
        assertThat(link.attached()).isFalse();
        assertThat(available()).doesNotContain("scx4j_test_cc");
    }
}
