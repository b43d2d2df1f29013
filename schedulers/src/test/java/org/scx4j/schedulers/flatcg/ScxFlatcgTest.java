package org.scx4j.schedulers.flatcg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.schedulers.Catalog;
import picocli.CommandLine;

/** scx_flatcg's options reach .rodata and the ops struct, bad ones are refused, and its report keeps upstream's shape. */
class ScxFlatcgTest {
    private static final long SLICE_DFL = 5_000_000L;
    private static final long HAS_CGROUP_WEIGHT = 1L << 16;

    private static KernelCompat kernel(Map<String, Long> extra) {
        Map<String, Long> values = new java.util.HashMap<>(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
                (1L << 63) | 1, "SCX_SLICE_DFL", SLICE_DFL));
        values.putAll(extra);
        return new KernelCompat(values, Map.of());
    }

    private static GlobalData configured(ScxFlatcg flatcg, BpfObject obj, KernelCompat kernel) {
        GlobalData rodata = obj.rodata();
        kernel.fillRodata(rodata);
        PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            flatcg.configure(rodata, kernel);
        } finally {
            System.setOut(saved);
        }
        return rodata;
    }

    @Test
    void sliceAndFifoReachRodata() {
        ScxFlatcg flatcg = new ScxFlatcg();
        new CommandLine(flatcg).parseArgs("-s", "2500", "-f");
        try (BpfObject obj = BpfObject.open("scx_flatcg", flatcg.objectBytes())) {
            GlobalData rodata = configured(flatcg, obj, kernel(Map.of()));
            assertThat(rodata.getLong("cgrp_slice_ns")).isEqualTo(2_500_000L);
            assertThat(rodata.getBoolean("fifo_sched")).isTrue();
        }
    }

    @Test
    void withoutOptionsTheSliceIsTheKernelsAndTasksGoByVtime() {
        ScxFlatcg flatcg = new ScxFlatcg();
        new CommandLine(flatcg).parseArgs();
        try (BpfObject obj = BpfObject.open("scx_flatcg", flatcg.objectBytes())) {
            GlobalData rodata = configured(flatcg, obj, kernel(Map.of()));
            assertThat(rodata.getLong("cgrp_slice_ns")).isEqualTo(SLICE_DFL);
            assertThat(rodata.getBoolean("fifo_sched")).isFalse();
        }
        assertThat(flatcg.reportInterval()).as("upstream's default -i").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theCgroupWeightFlagIsSetOnlyWhereTheKernelDefinesIt() {
        ScxFlatcg flatcg = new ScxFlatcg();
        try (BpfObject obj = BpfObject.open("scx_flatcg", flatcg.objectBytes())) {
            StructView ops = obj.structOps(flatcg.opsMap());
            long before = ops.getLong("flags");
            flatcg.configureOps(ops, kernel(Map.of()));
            assertThat(ops.getLong("flags")).isEqualTo(before);
            flatcg.configureOps(ops, kernel(Map.of("SCX_OPS_HAS_CGROUP_WEIGHT", HAS_CGROUP_WEIGHT)));
            assertThat(ops.getLong("flags")).isEqualTo(before | HAS_CGROUP_WEIGHT);
        }
    }

    @Test
    void intervalOptionSetsTheReportInterval() {
        ScxFlatcg flatcg = new ScxFlatcg();
        new CommandLine(flatcg).parseArgs("-i", "0.5");
        assertThat(flatcg.reportInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badSliceOrIntervalIsRefusedInOneLineWithExit2() {
        for (String[] args : new String[][] {{"-s", "0"}, {"-i", "-1"}, {"-s", "abc"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Catalog.require("scx_flatcg").run(args);
            } finally {
                System.setErr(saved);
            }
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).startsWith("scx_flatcg: ")
                    .contains(args[0]);
        }
    }

    @Test
    void reportShowsIntervalCountsInUpstreamsLayout() {
        long[] before = new long[FlatcgStats.Stat.values().length], after = before.clone();
        for (int i = 0; i < after.length; i++) after[i] = 10L * (i + 1);
        before[FlatcgStats.Stat.PNC_NEXT.ordinal()] = 50;
        FlatcgStats now = new FlatcgStats(after, 7);
        String report = now.since(new FlatcgStats(before, 3)).report(4, 87.5, now);
        assertThat(report.lines()).containsExactly(
                "[SEQ      4 cpu= 87.5 hweight_gen=7]",
                "       act:    10  deact:    20 global:    30 local:    40",
                "HWT  cache:    60 update:    50   skip:    70  race:    80",
                "ENQ   skip:    90   race:   100",
                "CNS   keep:   110 expire:   120  empty:   130  gone:   140",
                "PNC   next:   100  empty:   160 nocgrp:   170  gone:   180 race:   190 fail:   200",
                "BAD remove:   210");
        assertThat(now.values()).containsEntry("hweight_gen", 7L).containsEntry("pnc_next", 150L)
                .hasSize(FlatcgStats.Stat.values().length + 1);
    }

    @Test
    void cpuUtilizationIsTheNonIdleShareSinceTheLastSample() {
        ScxFlatcg.CpuUtil util = new ScxFlatcg.CpuUtil(java.nio.file.Path.of("/nonexistent"));
        util.sample("cpu  100 0 100 800 0 0 0 0 0 0");
        assertThat(util.sample("cpu  200 0 200 1000 0 0 0 0 0 0")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }
}
