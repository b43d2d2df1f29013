package org.scx4j.schedulers.nest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.schedulers.Catalog;
import org.scx4j.schedulers.nest.NestStats.Nest;
import org.scx4j.schedulers.nest.NestStats.Stat;
import picocli.CommandLine;

/** scx_nest's Java side: upstream's options into .rodata, bad values refused, upstream's report. */
class ScxNestTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 20_000_000L), Map.of());

    private static GlobalData configured(BpfObject obj, String... args) {
        ScxNest nest = new ScxNest();
        new CommandLine(nest).parseArgs(args);
        GlobalData rodata = obj.rodata();
        KERNEL.fillRodata(rodata);
        nest.configure(rodata, KERNEL);
        return rodata;
    }

    @Test
    void optionsReachRodata() {
        try (BpfObject obj = BpfObject.open("scx_nest", new ScxNest().objectBytes())) {
            GlobalData rodata = configured(obj, "-d", "500", "-m", "1", "-i", "0", "-s", "3000", "-I");
            assertThat(rodata.getLong("p_remove_ns")).isEqualTo(500_000L);
            assertThat(rodata.getLong("r_max")).isEqualTo(1);
            assertThat(rodata.getLong("r_impatient")).isZero();
            assertThat(rodata.getLong("slice_ns")).isEqualTo(3_000_000L);
            assertThat(rodata.getBoolean("find_fully_idle")).isTrue();
        }
        try (BpfObject obj = BpfObject.open("scx_nest", new ScxNest().objectBytes())) {
            GlobalData rodata = configured(obj);
            assertThat(rodata.getLong("p_remove_ns")).as("upstream's default delay, 2 ms").isEqualTo(2_000_000L);
            assertThat(rodata.getLong("r_max")).isEqualTo(5);
            assertThat(rodata.getLong("r_impatient")).isEqualTo(2);
            assertThat(rodata.getLong("slice_ns")).as("the kernel's default slice").isEqualTo(20_000_000L);
            assertThat(rodata.getBoolean("find_fully_idle")).isFalse();
        }
    }

    @Test
    void badValuesAreRefusedBeforeLoading() {
        for (String[] bad : new String[][] {{"-d", "-1"}, {"-m", "-2"}, {"-i", "-1"}, {"-s", "0"}, {"-d", "x"},
            {"-D"}}) {
            assertThat(Catalog.require("scx_nest").run(bad)).as(String.join(" ", bad)).isEqualTo(2);
        }
    }

    @Test
    void reportHasUpstreamsNamesGroupsAndMasks() {
        long[] counts = new long[Stat.values().length];
        counts[Stat.WAKEUP_ATTACHED.ordinal()] = 12;
        counts[Stat.NOT_CONSUMED.ordinal()] = 3;
        NestStats s = new NestStats(counts, new long[] {0b01, 0b10, 0, 0b10}, 2);
        String report = s.report();
        assertThat(report).contains("\nWakeup stats\n------------\nWAKEUP_ATTACHED=12\nWAKEUP_PREV_PRIMARY=0\n")
                .contains("\nNest stats\n----------\nTASK_IMPATIENT=0\n")
                .contains("\nConsume stats\n-------------\nCONSUMED=0\nNOT_CONSUMED=3\n")
                .contains("\nMasks\n-----\n")
                .contains("PRIMARY  ( 1): | *- |")
                .contains("RESERVED ( 1): | -* |")
                .contains("OTHER    ( 0): | -- |")
                .contains("IDLE     ( 1): | -* |");
        for (Stat st : Stat.values()) assertThat(report).contains(st.name() + "=");
        assertThat(s.cpus(Nest.PRIMARY)).isEqualTo(1);
        assertThat(s.values()).containsEntry("wakeup_attached", 12L).containsEntry("primary", 1L)
                .hasSize(Stat.values().length + Nest.values().length);
    }

    @Test
    void theObjectHasOneCounterPerStat() {
        ScxNest nest = new ScxNest();
        try (BpfObject obj = BpfObject.open("scx_nest", nest.objectBytes())) {
            assertThat(new String(obj.structOps(nest.opsMap()).getBytes("name")).trim()).startsWith("nest");
            assertThat(obj.map("stats").counters()).isEqualTo(Stat.values().length);
        }
    }
}
