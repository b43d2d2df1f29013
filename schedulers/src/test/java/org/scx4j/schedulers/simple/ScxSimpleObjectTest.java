package org.scx4j.schedulers.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import picocli.CommandLine;

/**
 * The compiled scx_simple object, opened with the real libbpf on the build host (no
 * sched_ext needed to open): it has what the runtime and the Java class rely on, and
 * options reach .rodata.
 */
class ScxSimpleObjectTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 5_000_000L), Map.of());

    @Test
    void fifoOptionAndKernelValuesReachRodata() {
        ScxSimple simple = new ScxSimple();
        new CommandLine(simple).parseArgs("-f");
        try (BpfObject obj = BpfObject.open("scx_simple", simple.objectBytes())) {
            GlobalData rodata = obj.rodata();
            assertThat(rodata.getBoolean("fifo_sched")).isFalse();
            KERNEL.fillRodata(rodata);
            simple.configure(rodata, KERNEL);
            assertThat(rodata.getBoolean("fifo_sched")).isTrue();
            assertThat(rodata.getLong("scx_slice_dfl_ns")).isEqualTo(5_000_000L);
            assertThat(rodata.getLong("scx_dsq_local_id")).isEqualTo((1L << 63) | 2);
        }
    }

    @Test
    void theOpsStructHasWhatTheRuntimeSets() {
        ScxSimple simple = new ScxSimple();
        try (BpfObject obj = BpfObject.open("scx_simple", simple.objectBytes())) {
            StructView ops = obj.structOps(simple.opsMap());
            assertThat(new String(ops.getBytes("name")).trim()).startsWith("simple");
            ops.setLong("hotplug_seq", 7);
            ops.setInt("timeout_ms", 3000);
            assertThat(ops.getLong("hotplug_seq")).isEqualTo(7);
            assertThat(ops.getInt("timeout_ms")).isEqualTo(3000);
            assertThat(obj.bss().names()).contains("scx_exit_kind", "scx_exit_code", "scx_exit_reason", "scx_exit_msg",
                    "scx_exit_dump");
            assertThat(obj.map("stats").counters()).isEqualTo(2);
        }
    }

    @Test
    void countersPrintInTheUpstreamFormat() {
        assertThat(new SimpleStats(3, 4).line()).isEqualTo("local=3 global=4");
    }
}
