package org.scx4j.schedulers.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import picocli.CommandLine;

/**
 * The compiled scx_pair object opened with the real libbpf on the build host: -S reaches
 * the pairing arrays in .rodata, the migration-disabled flag is added where the kernel
 * has it, the counters the report reads exist, and the report has upstream's layout.
 */
class ScxPairObjectTest {
    static final KernelCompat KERNEL = new KernelCompat(Map.of("SCX_DSQ_LOCAL", (1L << 63) | 2, "SCX_DSQ_GLOBAL",
            (1L << 63) | 1, "SCX_SLICE_DFL", 5_000_000L, "SCX_OPS_ENQ_MIGRATION_DISABLED", 16L), Map.of());

    @Test
    void strideReachesThePairingArrays() {
        ScxPair pair = new ScxPair();
        new CommandLine(pair).parseArgs("-S", "1");
        try (BpfObject obj = BpfObject.open("scx_pair", pair.objectBytes())) {
            GlobalData rodata = obj.rodata();
            pair.configure(rodata, KERNEL, 4);
            assertThat(rodata.getInt("nr_cpu_ids")).isEqualTo(4);
            assertThat(rodata.getLong("pair_batch_ns")).isEqualTo(5_000_000L);
            assertThat(ints(rodata, "pair_cpu", 4)).containsExactly(1, 0, 3, 2);
            assertThat(ints(rodata, "pair_id", 4)).containsExactly(0, 0, 1, 1);
            assertThat(ints(rodata, "in_pair_idx", 4)).containsExactly(0, 1, 0, 1);
        }
    }

    @Test
    void tooManyCpusForTheArraysAreRefused() {
        ScxPair pair = new ScxPair();
        new CommandLine(pair).parseArgs();
        assertThatThrownBy(() -> pair.pairs(ScxPair.MAX_CPUS + 2)).hasMessageContaining("up to " + ScxPair.MAX_CPUS);
        assertThat(pair.pairs(ScxPair.MAX_CPUS).partner()[0]).isEqualTo(ScxPair.MAX_CPUS / 2);
    }

    @Test
    void migrationDisabledTasksAreEnqueuedWhereTheKernelHasTheFlag() {
        ScxPair pair = new ScxPair();
        try (BpfObject obj = BpfObject.open("scx_pair", pair.objectBytes())) {
            StructView ops = obj.structOps(pair.opsMap());
            long before = ops.getLong("flags");
            pair.configureOps(ops, KERNEL);
            assertThat(ops.getLong("flags")).isEqualTo(before | 16);
            assertThat(new String(ops.getBytes("name")).trim()).startsWith("pair");
            for (var m : PairStats.METRICS.metrics())
                assertThat(obj.bss().names()).contains("nr_" + m.name());
        }
    }

    @Test
    void theReportHasUpstreamsLayout() {
        Map<String, Long> v = new LinkedHashMap<>();
        long n = 1;
        for (var m : PairStats.METRICS.metrics()) v.put(m.name(), n++);
        assertThat(new PairStats(v).report(7)).isEqualTo(String.join(System.lineSeparator(),
                "[SEQ 7]",
                " total:         1 dispatch:         2   missing:         3",
                " kicks:         4 preemptions:      5",
                "   exp:         6 exp_wait:         7 exp_empty:         8",
                "cgnext:         9   cgcoll:        10   cgempty:        11"));
    }

    private static int[] ints(GlobalData rodata, String var, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = rodata.segment(var).getAtIndex(ValueLayout.JAVA_INT, i);
        return out;
    }
}
