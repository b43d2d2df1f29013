package org.scx4j.schedulers.qmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import picocli.CommandLine;

/**
 * The compiled scx_qmap object opened with the real libbpf on the build host: options reach
 * .rodata and the ops struct, bad ones are refused before loading, and the counters print
 * in upstream's format.
 */
class ScxQmapObjectTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 5_000_000L), Map.of());

    private static ScxQmap parse(String... args) {
        ScxQmap qmap = new ScxQmap();
        new CommandLine(qmap).parseArgs(args);
        return qmap;
    }

    @Test
    void optionsReachRodata() {
        ScxQmap qmap = parse("-s", "3000", "-t", "20", "-T", "7", "-l", "50", "-b", "4", "-H", "-P", "-S", "-d", "1");
        try (BpfObject obj = BpfObject.open("scx_qmap", qmap.objectBytes())) {
            GlobalData rodata = obj.rodata();
            KERNEL.fillRodata(rodata);
            qmap.configure(rodata, KERNEL);
            assertThat(rodata.getLong("slice_ns")).isEqualTo(3_000_000L);
            assertThat(rodata.getInt("stall_user_nth")).isEqualTo(20);
            assertThat(rodata.getInt("stall_kernel_nth")).isEqualTo(7);
            assertThat(rodata.getInt("dsp_inf_loop_after")).isEqualTo(50);
            assertThat(rodata.getInt("dsp_batch")).isEqualTo(4);
            assertThat(rodata.getBoolean("highpri_boosting")).isTrue();
            assertThat(rodata.getBoolean("print_dsqs_and_events")).isTrue();
            assertThat(rodata.getBoolean("suppress_dump")).isTrue();
            assertThat(rodata.getInt("disallow_tgid")).isEqualTo(1);
        }
    }

    @Test
    void disallowSelfIsThisProcess() {
        ScxQmap qmap = parse("-d", "-1");
        try (BpfObject obj = BpfObject.open("scx_qmap", qmap.objectBytes())) {
            qmap.configure(obj.rodata(), KERNEL);
            assertThat(obj.rodata().getInt("disallow_tgid")).isEqualTo((int) ProcessHandle.current().pid());
        }
    }

    @Test
    void dumpLengthAndPartialSwitchSetTheOpsStruct() {
        try (BpfObject obj = BpfObject.open("scx_qmap", new ScxQmap().objectBytes())) {
            StructView ops = obj.structOps("qmap_ops");
            long flags = ops.getLong("flags");
            assertThat(ops.getInt("timeout_ms")).as("upstream's 5 s watchdog").isEqualTo(5000);
            parse().configureOps(ops);
            assertThat(ops.getLong("flags")).isEqualTo(flags);
            parse("-D", "4096", "-p").configureOps(ops);
            assertThat(ops.getInt("exit_dump_len")).isEqualTo(4096);
            assertThat(ops.getLong("flags")).isEqualTo(flags | ScxQmap.SWITCH_PARTIAL);
        }
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThat(parse("-D", "0").invalidOptions()).hasValueSatisfying(m -> assertThat(m).contains("-D 0"));
        assertThat(parse("-D", "70000").invalidOptions()).hasValueSatisfying(m -> assertThat(m).contains("32768"));
        assertThat(parse("-e", "-3").invalidOptions()).hasValueSatisfying(m -> assertThat(m).contains("-e -3"));
        assertThat(parse("-b", "-1").invalidOptions()).isPresent();
        assertThat(parse("-s", "-5").invalidOptions()).isPresent();
        assertThat(parse("-d", "999999999").invalidOptions()).hasValueSatisfying(m -> assertThat(m).contains("no such process"));
        assertThat(parse("-e", "100", "-t", "20", "-D", "32768").invalidOptions()).isEmpty();
    }

    @Test
    void countersPrintInTheUpstreamFormat() {
        QmapStats s = new QmapStats(10, 7, 1, 6, 0, 2, 3, 4, 5, 6, new int[] {100, 200, 300, 256, 512, 768});
        assertThat(s.lines()).isEqualTo("""
                stats  : enq=10 dsp=7 delta=3 reenq=1 deq=6 core=0 enq_ddsp=2
                         exp_local=3 exp_remote=4 exp_timer=5 exp_lost=6
                cpuperf: cur min/avg/max=100/200/300 target min/avg/max=256/512/768""");
        assertThat(s.values()).containsEntry("delta", 3L).containsEntry("enq", 10L).containsEntry("cpuperf_avg", 200L)
                .containsOnlyKeys(QmapStats.METRICS.metrics().stream().map(m -> m.name()).toList());
    }
}
