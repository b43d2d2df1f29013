package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/** {@code scx4j state} inside the built-in VM, on a kernel that has sched_ext. */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateCommandIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static String jar() {
        String jar = System.getProperty("scx4j.jar");
        assertThat(jar).as("system property scx4j.jar (set by the build)").isNotNull();
        return jar;
    }

    private static Result state(Vm vm, String... args) {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar(), "state"));
        argv.addAll(List.of(args));
        return vm.run(TIMEOUT, argv.toArray(String[]::new));
    }

    /** One {@code state --json} run, split into its sched_ext and topology parts. */
    private record Json(Map<String, Object> schedExt, Map<String, Object> topology) {
        long hotplugSeq() {
            return ((Number) schedExt.get("hotplug_seq")).longValue();
        }
    }

    @SuppressWarnings("unchecked")
    private static Json json(Vm vm) throws Exception {
        Result r = state(vm, "--json");
        assertThat(r.exitCode()).as("stdout %s%nstderr %s", r.stdout(), r.stderr()).isZero();
        Map<String, Object> all = JSON.std.mapFrom(r.stdout());
        return new Json((Map<String, Object>) all.get("sched_ext"), (Map<String, Object>) all.get("topology"));
    }

    @Test
    @Order(1)
    void guestKernelHasSchedExtWithNothingAttached(Vm vm) throws Exception {
        Result text = state(vm);
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("sched_ext    disabled", "ops          none", "cpus         0-1 online of 0-1 possible");

        Json json = json(vm);
        assertThat(json.schedExt()).containsEntry("present", true).containsEntry("state", "disabled").containsEntry("ops", null);
        assertThat(json.topology()).containsEntry("online", "0-1").containsEntry("nr_cpu_ids", 2);
    }

    @Test
    @Order(2)
    void takingACpuOfflineShowsInTopologyAndHotplugSeq(Vm vm) throws Exception {
        long before = json(vm).hotplugSeq();
        Result off = vm.run("sh", "-c", "echo 0 > /sys/devices/system/cpu/cpu1/online");
        assertThat(off.exitCode()).as(off.stderr()).isZero();
        try {
            Json offline = json(vm);
            assertThat(offline.topology()).containsEntry("online", "0").containsEntry("possible", "0-1").containsEntry("nr_cpu_ids", 2);
            assertThat(offline.hotplugSeq()).isGreaterThan(before);
        } finally {
            Result on = vm.run("sh", "-c", "echo 1 > /sys/devices/system/cpu/cpu1/online");
            assertThat(on.exitCode()).as(on.stderr()).isZero();
        }
        assertThat(json(vm).topology()).containsEntry("online", "0-1");
    }

    /** Last: the kernel takes the scheduler down asynchronously after it exits. */
    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void anAttachedSchedulerShowsWithItsNameAndEventCounters(Vm vm) throws Exception {
        Spawned simple = vm.spawn(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "run", "scx_simple");
        try {
            Result enabled = vm.run(TIMEOUT, "sh", "-c", "for i in $(seq 180); do "
                    + "[ \"$(cat /sys/kernel/sched_ext/state)\" = enabled ] && exit 0; sleep 1; done; exit 1");
            assertThat(enabled.exitCode()).as("scx_simple did not attach; its output:%n%s%s", simple.outputSoFar(),
                    simple.errorSoFar()).isZero();
            Json json = json(vm);
            assertThat(json.schedExt()).containsEntry("state", "enabled").containsEntry("ops", "simple")
                    .containsEntry("switch_all", true);
            assertThat(((Number) json.schedExt().get("enable_seq")).longValue()).isPositive();
            assertThat((Map<String, Object>) json.schedExt().get("events")).containsKey("SCX_EV_SELECT_CPU_FALLBACK");
        } finally {
            simple.signal("INT");
            simple.await(Duration.ofSeconds(90));
        }
    }
}
