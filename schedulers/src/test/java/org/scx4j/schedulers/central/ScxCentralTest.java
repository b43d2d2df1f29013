package org.scx4j.schedulers.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.schedulers.Catalog;
import picocli.CommandLine;

/** scx_central's Java side: options into .rodata, the central CPU check, upstream's counters block. */
class ScxCentralTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 20_000_000L), Map.of());

    private static GlobalData configured(BpfObject obj, String... args) {
        ScxCentral central = new ScxCentral();
        new CommandLine(central).parseArgs(args);
        GlobalData rodata = obj.rodata();
        KERNEL.fillRodata(rodata);
        central.configure(rodata, KERNEL);
        return rodata;
    }

    @Test
    void sliceAndCentralCpuReachRodata() {
        try (BpfObject obj = BpfObject.open("scx_central", new ScxCentral().objectBytes())) {
            GlobalData rodata = configured(obj, "-s", "5000", "-c", "0");
            assertThat(rodata.getLong("slice_ns")).isEqualTo(5_000_000L);
            assertThat(rodata.getInt("central_cpu")).isZero();
        }
        try (BpfObject obj = BpfObject.open("scx_central", new ScxCentral().objectBytes())) {
            assertThat(configured(obj).getLong("slice_ns")).as("the kernel's default slice").isEqualTo(20_000_000L);
        }
    }

    @Test
    void theCentralCpuMustExistAndBeOnline() {
        CpuMask possible = CpuMask.range(0, 3), online = CpuMask.of(0, 1, 3);
        assertThat(ScxCentral.checkCentralCpu(1, possible, online)).isEmpty();
        assertThat(ScxCentral.checkCentralCpu(4, possible, online)).hasValue("-c 4: no such CPU (this machine's CPUs are 0-3)");
        assertThat(ScxCentral.checkCentralCpu(-1, possible, online)).get().asString().contains("no such CPU");
        assertThat(ScxCentral.checkCentralCpu(2, possible, online)).get().asString().contains("CPU 2 is offline");
    }

    @Test
    void aSliceOfZeroIsRefusedBeforeLoading() {
        assertThat(Catalog.require("scx_central").run("-s", "0")).isEqualTo(2);
        assertThat(Catalog.require("scx_central").run("-c", "-1")).isEqualTo(2);
    }

    @Test
    void intervalOption() {
        ScxCentral central = new ScxCentral();
        new CommandLine(central).parseArgs("-i", "2");
        assertThat(central.reportInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void countersPrintAsUpstreamDoes() {
        assertThat(new CentralStats(10, 2, 3, 0, 99, 40, 1, 0, 0).lines(7)).isEqualTo("""
                [SEQ 7]
                total   :        10    local:         2   queued:         3  lost:         0
                timer   :        99 dispatch:        40 mismatch:         1 retry:         0
                overflow:         0""".replace("\n", System.lineSeparator()));
    }
}
