package org.scx4j.schedulers.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.schedulers.Catalog;
import org.scx4j.schedulers.idle.DispatchStats;
import org.scx4j.schedulers.idle.IdleTopology;
import org.scx4j.schedulers.idle.MachineFixture;

/** scx_flash's Java side: upstream's options and the machine into .rodata, bad values refused. */
class ScxFlashTest {
    @TempDir
    Path sys;

    private static final String[] FLAGS = {"tickless", "rr_sched", "wakeup_throttle", "cpufreq_enabled"};

    @Test
    void optionsAndTopologyReachRodata() throws IOException {
        IdleTopology machine = MachineFixture.machine(sys, 512, 512, 1024, 1024);
        try (BpfObject obj = BpfObject.open("scx_flash", new ScxFlash().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxFlash(), obj, machine, "-s", "500", "-l", "5000", "-t", "2000",
                    "-T", "--wakeup-throttle", "-f", "-m", "2-3", "-I", "-1", "--disable-smt");
            assertThat(rodata.getLong("slice_max")).isEqualTo(500_000L);
            assertThat(rodata.getLong("slice_lag")).isEqualTo(5_000_000L);
            assertThat(rodata.getLong("throttle_ns")).isEqualTo(2_000_000L);
            assertThat(rodata.getBoolean("tickless")).isTrue();
            assertThat(rodata.getBoolean("rr_sched")).isFalse();
            assertThat(rodata.getBoolean("wakeup_throttle")).isTrue();
            assertThat(rodata.getBoolean("cpufreq_enabled")).isTrue();
            assertThat(rodata.getBoolean("idle_smt")).isFalse();
            assertThat(rodata.getBoolean("idle_primary_all")).isFalse();
            assertThat(rodata.segment("idle_primary").getAtIndex(ValueLayout.JAVA_LONG, 0)).as("CPUs 2-3").isEqualTo(0b1100);
        }
        try (BpfObject obj = BpfObject.open("scx_flash", new ScxFlash().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxFlash(), obj, machine, "-R");
            assertThat(rodata.getBoolean("rr_sched")).isTrue();
        }
        try (BpfObject obj = BpfObject.open("scx_flash", new ScxFlash().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxFlash(), obj, machine);
            assertThat(rodata.getLong("slice_max")).as("upstream's default, 700 us").isEqualTo(700_000L);
            assertThat(rodata.getLong("slice_lag")).as("upstream's default, 20 ms").isEqualTo(20_000_000L);
            assertThat(rodata.getLong("throttle_ns")).isZero();
            for (String flag : FLAGS) assertThat(rodata.getBoolean(flag)).as(flag).isFalse();
            assertThat(rodata.getBoolean("idle_primary_all")).as("-m auto").isTrue();
            assertThat(rodata.getBoolean("idle_smt")).isTrue();
        }
    }

    @Test
    void badValuesAreRefusedBeforeLoading() {
        for (String[] bad : new String[][] {{"-s", "0"}, {"-s", "99999999999"}, {"-l", "-1"}, {"-t", "-1"}, {"-t", "2000000"},
            {"-I", "-2"}, {"-T", "-R"}, {"-m", "9999"}, {"-m", "fastest"}, {"-k"}, {"-L", "10"}}) {
            assertThat(new Catalog.Entry("scx_flash", "", Catalog.Kind.BPF, ScxFlash::new).run(bad)).as(String.join(" ", bad)).isEqualTo(2);
        }
    }

    @Test
    void theObjectHasOneCounterPerCountingMetricAndHandlesCgroups() {
        ScxFlash flash = new ScxFlash();
        try (BpfObject obj = BpfObject.open("scx_flash", flash.objectBytes())) {
            assertThat(new String(obj.structOps(flash.opsMap()).getBytes("name")).trim()).startsWith("flash");
            assertThat(obj.map("stats").counters()).isEqualTo(DispatchStats.COUNTERS.length);
            // two gauges, the per-CPU counters, then the deadline family's wake-up preemptions
            assertThat(ScxFlash.METRICS.metrics()).hasSize(DispatchStats.COUNTERS.length + 3);
            assertThat(obj.bss().names()).contains("scx_dl_nr_wakeup_preemptions");
        }
    }
}
