package org.scx4j.schedulers.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.schedulers.Catalog;
import org.scx4j.schedulers.idle.IdleTopology;
import org.scx4j.schedulers.idle.MachineFixture;
import picocli.CommandLine;

/** scx_cosmos's Java side: upstream's options and the machine into .rodata, bad values refused. */
class ScxCosmosTest {
    @TempDir
    Path sys;

    private static GlobalData configured(BpfObject obj, IdleTopology machine, String... args) {
        return MachineFixture.configured(new ScxCosmos(), obj, machine, args);
    }

    private static int at(GlobalData rodata, String array, int i) {
        return rodata.segment(array).getAtIndex(ValueLayout.JAVA_INT, i);
    }

    @Test
    void optionsAndTopologyReachRodata() throws IOException {
        IdleTopology machine = MachineFixture.machine(sys, 512, 512, 1024, 1024);
        try (BpfObject obj = BpfObject.open("scx_cosmos", new ScxCosmos().objectBytes())) {
            GlobalData rodata = configured(obj, machine, "-s", "700", "-l", "5000", "-c", "75", "-f", "-a",
                    "--time-preemption", "-m", "powersave", "-P");
            assertThat(rodata.getLong("slice_ns")).isEqualTo(700_000L);
            assertThat(rodata.getLong("slice_lag")).isEqualTo(5_000_000L);
            assertThat(rodata.getLong("busy_threshold")).isEqualTo(75 * 1024 / 100);
            assertThat(rodata.getBoolean("cpufreq_enabled")).isFalse();
            assertThat(rodata.getBoolean("mm_affinity")).isTrue();
            assertThat(rodata.getBoolean("time_preemption")).isTrue();
            assertThat(rodata.getBoolean("idle_preferred_scan")).isTrue();
            assertThat(rodata.getInt("idle_nr_cpus")).isEqualTo(4);
            assertThat(rodata.getBoolean("idle_smt")).isTrue();
            assertThat(rodata.getBoolean("idle_numa")).as("one node").isFalse();
            assertThat(rodata.getBoolean("idle_primary_all")).isFalse();
            assertThat(rodata.segment("idle_primary").getAtIndex(ValueLayout.JAVA_LONG, 0)).as("CPUs 0-1").isEqualTo(0b0011);
            assertThat(at(rodata, "idle_cpu_sibling", 0)).isEqualTo(1);
            assertThat(at(rodata, "idle_cpu_sibling", 3)).isEqualTo(2);
            assertThat(at(rodata, "idle_cpu_capacity", 0)).isEqualTo(512);
            assertThat(at(rodata, "idle_cpu_order", 0)).as("fastest first").isEqualTo(2);
            assertThat(at(rodata, "idle_cpu_order", 3)).isEqualTo(1);
        }
        try (BpfObject obj = BpfObject.open("scx_cosmos", new ScxCosmos().objectBytes())) {
            GlobalData rodata = configured(obj, machine, "--disable-smt");
            assertThat(rodata.getLong("slice_ns")).as("upstream's default, 1 ms").isEqualTo(1_000_000L);
            assertThat(rodata.getLong("slice_lag")).as("upstream's default, 20 ms").isEqualTo(20_000_000L);
            assertThat(rodata.getLong("busy_threshold")).isZero();
            assertThat(rodata.getBoolean("cpufreq_enabled")).isTrue();
            assertThat(rodata.getBoolean("idle_primary_all")).isTrue();
            assertThat(rodata.getBoolean("idle_smt")).isFalse();
        }
    }

    @Test
    void pollingIsClamped() {
        ScxCosmos c = new ScxCosmos();
        new CommandLine(c).parseArgs("-p", "5");
        assertThat(c.pollingPeriodMs()).isEqualTo(10);
        new CommandLine(c).parseArgs("-p", "5000");
        assertThat(c.pollingPeriodMs()).isEqualTo(1000);
        new CommandLine(c).parseArgs("-p", "0");
        assertThat(c.pollingPeriodMs()).isZero();
    }

    @Test
    void badValuesAreRefusedBeforeLoading() {
        for (String[] bad : new String[][] {{"-c", "101"}, {"-c", "-1"}, {"-s", "0"}, {"-l", "-1"}, {"-p", "-5"},
            {"-m", "9999"}, {"-m", "fastest"}, {"-e", "0x1"}}) {
            assertThat(Catalog.require("scx_cosmos").run(bad)).as(String.join(" ", bad)).isEqualTo(2);
        }
    }

    @Test
    void theObjectHasOneCounterPerMetric() {
        ScxCosmos cosmos = new ScxCosmos();
        try (BpfObject obj = BpfObject.open("scx_cosmos", cosmos.objectBytes())) {
            assertThat(new String(obj.structOps(cosmos.opsMap()).getBytes("name")).trim()).startsWith("cosmos");
            // the per-CPU counters, then the deadline family's wake-up preemptions
            assertThat(obj.map("stats").counters()).isEqualTo(CosmosStats.METRICS.metrics().size() - 1);
            assertThat(obj.bss().names()).contains("scx_dl_nr_wakeup_preemptions");
        }
    }
}
