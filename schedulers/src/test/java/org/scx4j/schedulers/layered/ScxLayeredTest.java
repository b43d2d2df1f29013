package org.scx4j.schedulers.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.schedulers.idle.IdleTopology;
import org.scx4j.schedulers.idle.MachineFixture;
import picocli.CommandLine;

/** scx_layered's options and layers into .rodata, and bad ones refused before loading. */
class ScxLayeredTest {
    @TempDir
    Path sys;

    @Test
    void theExampleReachesRodata() throws IOException {
        try (BpfObject obj = BpfObject.open("scx_layered", new ScxLayered().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxLayered(), obj, MachineFixture.machine(sys, 0, 0, 0, 0),
                    "-s", "5000", "--antistall-sec", "2", "--lo-fb-wait-us", "2000", "--lo-fb-share", "0.25");
            assertThat(rodata.getInt("nr_cpus")).isEqualTo(4);
            assertThat(rodata.getInt("nr_layers")).isEqualTo(4);
            assertThat(rodata.getLong("antistall_ns")).isEqualTo(2_000_000_000L);
            assertThat(rodata.getLong("lo_wait_ns")).isEqualTo(2_000_000L);
            assertThat(rodata.getInt("lo_share_ppk")).isEqualTo(256);
            assertThat(rodata.segment("cpu_sibling").getAtIndex(ValueLayout.JAVA_INT, 2)).isEqualTo(3);
            // batch: Confined, its own slice; normal: Grouped with 20 ms
            assertThat(rodata.segment("layer_kind").getAtIndex(ValueLayout.JAVA_INT, 0)).isZero();
            assertThat(rodata.segment("layer_kind").getAtIndex(ValueLayout.JAVA_INT, 3)).isEqualTo(1);
            assertThat(rodata.segment("layer_slice_ns").getAtIndex(ValueLayout.JAVA_LONG, 2)).isEqualTo(800_000);
            assertThat(rodata.segment("layer_preempt").get(ValueLayout.JAVA_BOOLEAN, 1)).isTrue();
            assertThat(rodata.getInt("nr_groups")).isEqualTo(6);
            assertThat(rodata.segment("rule_text").getString(4 * 16)).isEqualTo("stress-ng");
        }
    }

    @Test
    void aLayerWithoutSliceGetsDashS() throws IOException {
        String spec = "[{\"name\": \"all\", \"matches\": [[]], \"kind\": {\"Open\": {}}}]";
        try (BpfObject obj = BpfObject.open("scx_layered", new ScxLayered().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxLayered(), obj, MachineFixture.machine(sys, 0, 0), "-s", "5000", spec);
            assertThat(rodata.segment("layer_slice_ns").getAtIndex(ValueLayout.JAVA_LONG, 0)).isEqualTo(5_000_000);
            assertThat(rodata.segment("layer_kind").getAtIndex(ValueLayout.JAVA_INT, 0)).isEqualTo(2);
        }
    }

    @Test
    void perfPreemptFirstProtectedAndWhatTasksAreMatchedAgainOnReachRodata() throws IOException {
        String spec = """
                [{"name": "p", "matches": [[{"UIDEquals": 0}]],
                  "kind": {"Confined": {"util_range": [0.1, 0.9], "protected": true, "perf": 512}}},
                 {"name": "all", "matches": [[]], "kind": {"Open": {"preempt": true, "preempt_first": true}}}]""";
        try (BpfObject obj = BpfObject.open("scx_layered", new ScxLayered().objectBytes())) {
            GlobalData rodata = MachineFixture.configured(new ScxLayered(), obj, MachineFixture.machine(sys, 0, 0), spec);
            assertThat(rodata.segment("layer_perf").getAtIndex(ValueLayout.JAVA_INT, 0)).isEqualTo(512);
            assertThat(rodata.segment("layer_perf").getAtIndex(ValueLayout.JAVA_INT, 1)).isZero();
            assertThat(rodata.segment("layer_protected").get(ValueLayout.JAVA_BOOLEAN, 0)).isTrue();
            assertThat(rodata.segment("layer_protected").get(ValueLayout.JAVA_BOOLEAN, 1)).isFalse();
            assertThat(rodata.segment("layer_preempt_first").get(ValueLayout.JAVA_BOOLEAN, 0)).isFalse();
            assertThat(rodata.segment("layer_preempt_first").get(ValueLayout.JAVA_BOOLEAN, 1)).isTrue();
            assertThat(rodata.getBoolean("rules_read_ids")).isTrue();
            assertThat(rodata.getBoolean("rules_read_parent")).isFalse();
        }
    }

    @Test
    void eachLayersReachOfLlcsAndNodesReachesRodataAsACpuMask() throws IOException {
        String spec = """
                [{"name": "l0", "matches": [[{"UIDEquals": 0}]], "kind": {"Open": {"llcs": [0]}}},
                 {"name": "n1", "matches": [[{"UIDEquals": 1}]], "kind": {"Open": {"nodes": [1]}}},
                 {"name": "all", "matches": [[]], "kind": {"Open": {}}}]""";
        try (BpfObject obj = BpfObject.open("scx_layered", new ScxLayered().objectBytes())) {
            // one LLC and node (0) of four CPUs; 512 CPUs / 64: eight words a layer
            GlobalData rodata = MachineFixture.configured(new ScxLayered(), obj, MachineFixture.machine(sys, 0, 0, 0, 0), spec);
            assertThat(rodata.segment("layer_cpus").getAtIndex(ValueLayout.JAVA_LONG, 0)).isEqualTo(0b1111);
            assertThat(rodata.segment("layer_cpus").getAtIndex(ValueLayout.JAVA_LONG, 8)).as("node 1 has no CPU here").isZero();
            assertThat(rodata.segment("layer_cpus").getAtIndex(ValueLayout.JAVA_LONG, 16)).isEqualTo(0b1111);
        }
    }

    @Test
    void badValuesAreRefusedBeforeLoading() throws IOException {
        var machine = MachineFixture.machine(sys, 0, 0);
        assertThat(problem(machine, "-i", "0")).hasValueSatisfying(m -> assertThat(m).startsWith("-i takes"));
        assertThat(problem(machine, "--lo-fb-share", "0")).hasValueSatisfying(m -> assertThat(m).startsWith("--lo-fb-share takes"));
        assertThat(problem(machine, "--lo-fb-wait-us", "-1")).hasValueSatisfying(m -> assertThat(m).startsWith("--lo-fb-wait-us takes"));
        assertThat(problem(machine, "[]")).hasValueSatisfying(m -> assertThat(m).contains("no layers"));
        assertThat(problem(machine, "[{\"name\": \"x\", \"matches\": [[]], \"kind\": {\"Confined\": {\"util_range\": [0.9, 0.1]}}}]"))
                .hasValueSatisfying(m -> assertThat(m).contains("layer \"x\" / kind.Confined.util_range"));
    }

    private static Optional<String> problem(IdleTopology machine, String... args) {
        ScxLayered scheduler = new ScxLayered();
        new CommandLine(scheduler).parseArgs(args);
        scheduler.useMachine(machine);
        return scheduler.checkOptions();
    }
}
