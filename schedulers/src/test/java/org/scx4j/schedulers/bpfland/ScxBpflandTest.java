package org.scx4j.schedulers.bpfland;

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

/** scx_bpfland's Java side: upstream's options and the machine into .rodata, bad values refused. */
class ScxBpflandTest {
    @TempDir
    Path sys;

    private static GlobalData configured(BpfObject obj, IdleTopology machine, String... args) {
        return MachineFixture.configured(new ScxBpfland(), obj, machine, args);
    }

    @Test
    void optionsAndTopologyReachRodata() throws IOException {
        IdleTopology machine = MachineFixture.machine(sys, 512, 512, 1024, 1024);
        try (BpfObject obj = BpfObject.open("scx_bpfland", new ScxBpfland().objectBytes())) {
            GlobalData rodata = configured(obj, machine, "-s", "700", "-L", "100", "-l", "5000", "-t", "2000", "-p",
                    "-k", "-w", "-S", "-f", "-m", "performance", "-P");
            assertThat(rodata.getLong("slice_max")).isEqualTo(700_000L);
            assertThat(rodata.getLong("slice_min")).isEqualTo(100_000L);
            assertThat(rodata.getLong("slice_lag")).isEqualTo(5_000_000L);
            assertThat(rodata.getLong("throttle_ns")).isEqualTo(2_000_000L);
            for (String flag : new String[] {"local_pcpu", "local_kthreads", "no_wake_sync", "sticky_tasks",
                "cpufreq_enabled", "idle_preferred_scan"})
                assertThat(rodata.getBoolean(flag)).as(flag).isTrue();
            assertThat(rodata.getInt("idle_nr_cpus")).isEqualTo(4);
            assertThat(rodata.getBoolean("idle_primary_all")).isFalse();
            assertThat(rodata.segment("idle_primary").getAtIndex(ValueLayout.JAVA_LONG, 0)).as("CPUs 2-3").isEqualTo(0b1100);
        }
        try (BpfObject obj = BpfObject.open("scx_bpfland", new ScxBpfland().objectBytes())) {
            GlobalData rodata = configured(obj, machine);
            assertThat(rodata.getLong("slice_max")).as("upstream's default, 1 ms").isEqualTo(1_000_000L);
            assertThat(rodata.getLong("slice_min")).isZero();
            assertThat(rodata.getLong("slice_lag")).as("upstream's default, 40 ms").isEqualTo(40_000_000L);
            assertThat(rodata.getLong("throttle_ns")).isZero();
            for (String flag : new String[] {"local_pcpu", "local_kthreads", "no_wake_sync", "sticky_tasks",
                "cpufreq_enabled", "idle_preferred_scan"})
                assertThat(rodata.getBoolean(flag)).as(flag).isFalse();
            assertThat(rodata.getBoolean("idle_primary_all")).as("-m auto").isTrue();
            assertThat(rodata.getBoolean("idle_smt")).isTrue();
        }
    }

    @Test
    void badValuesAreRefusedBeforeLoading() {
        for (String[] bad : new String[][] {{"-s", "0"}, {"-L", "-1"}, {"-s", "500", "-L", "600"}, {"-l", "-1"},
            {"-t", "-1"}, {"-t", "2000000"}, {"-m", "9999"}, {"-m", "fastest"}, {"-T"}, {"-I", "10"}}) {
            assertThat(new Catalog.Entry("scx_bpfland", "", Catalog.Kind.BPF, ScxBpfland::new).run(bad)).as(String.join(" ", bad)).isEqualTo(2);
        }
    }

    @Test
    void theObjectHasOneCounterPerCountingMetric() {
        ScxBpfland bpfland = new ScxBpfland();
        try (BpfObject obj = BpfObject.open("scx_bpfland", bpfland.objectBytes())) {
            assertThat(new String(obj.structOps(bpfland.opsMap()).getBytes("name")).trim()).startsWith("bpfland");
            assertThat(obj.map("stats").counters()).isEqualTo(DispatchStats.COUNTERS.length);
            // two gauges, the per-CPU counters, then the deadline family's wake-up preemptions
            assertThat(ScxBpfland.METRICS.metrics()).hasSize(DispatchStats.COUNTERS.length + 3);
            assertThat(obj.bss().names()).contains("scx_dl_nr_wakeup_preemptions");
        }
    }
}
