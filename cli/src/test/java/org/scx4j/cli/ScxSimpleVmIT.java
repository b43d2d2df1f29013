package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;
import static org.scx4j.cli.GuestScheduler.state;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_simple in a real sched_ext kernel (one VM boot for the class): it loads in both
 * modes and really schedules tasks, refuses to start beside another scheduler or without
 * root, restarts itself across CPU hotplug, and survives the upstream stress criterion.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScxSimpleVmIT {
    private static final Pattern COUNTERS = Pattern.compile("local=(\\d+) global=(\\d+)");

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void vtimeModeLoadsSchedulesTasksAndStopsCleanly(Vm vm) {
        loadsSchedulesAndStops(vm);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void fifoModeLoadsSchedulesTasksAndStopsCleanly(Vm vm) {
        loadsSchedulesAndStops(vm, "-f");
    }

    private void loadsSchedulesAndStops(Vm vm, String... options) {
        running = vm.spawn(scx4j(concat("run", "scx_simple", options)));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("simple");
        String sched = vm.run("cat", "/proc/self/sched").stdout();
        assertThat(sched).as("a task started now runs under sched_ext").containsPattern("ext\\.enabled\\s*:\\s*1");
        List<String> lines = awaitLines(running, "local=\\d+ global=\\d+", 3, Duration.ofSeconds(60));
        long first = total(lines.get(0)), last = total(lines.get(lines.size() - 1));
        assertThat(last).as("counters grow: %s", lines).isGreaterThan(first);

        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void secondSchedulerFailsClearlyAndLeavesTheFirstRunning(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_simple"));
        awaitEnabled(vm, running);
        Result second = vm.run(Duration.ofMinutes(3), scx4j("run", "scx_simple", "-f"));
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stdout()).contains("another sched_ext scheduler is already enabled: 'simple'");
        assertThat(state(vm)).isEqualTo("enabled");
        assertThat(ops(vm)).isEqualTo("simple");
        assertThat(running.isDone()).as("the first scheduler is still running").isFalse();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void nonRootFailsClearly(Vm vm) {
        List<String> words = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        words.addAll(List.of(GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "run", "scx_simple"));
        Result r = vm.run(Duration.ofMinutes(3), GuestScheduler.shMerged(words));
        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        assertThat(r.stdout()).contains("scx_simple must run as root");
        assertThat(state(vm)).isEqualTo("disabled");
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void cpuHotplugMakesItRestartAndStayAttached(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_simple"));
        awaitEnabled(vm, running);
        long seq = GuestScheduler.sysfsLong(vm, "hotplug_seq");
        assertThat(vm.run("sh", "-c", "echo 0 > /sys/devices/system/cpu/cpu1/online").exitCode()).isZero();
        awaitLines(running, ".*asked for a restart.*", 1, Duration.ofSeconds(90));
        // Bring the CPU back only once the reload is attached: a CPU that comes online
        // before the reload reads hotplug_seq needs no restart at all.
        awaitLines(running, ".*attached as 'simple'.*", 2, Duration.ofSeconds(90));
        assertThat(vm.run("sh", "-c", "echo 1 > /sys/devices/system/cpu/cpu1/online").exitCode()).isZero();
        awaitLines(running, ".*asked for a restart.*", 2, Duration.ofSeconds(90));
        awaitEnabled(vm, running);
        assertThat(GuestScheduler.sysfsLong(vm, "hotplug_seq")).isGreaterThan(seq);
        assertThat(ops(vm)).isEqualTo("simple");
        awaitLines(running, ".*attached as 'simple'.*", 3, Duration.ofSeconds(90));
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void survivesTheUpstreamStressCriterion(Vm vm) {
        Result stopped = UpstreamStress.survives45s(vm, running = vm.spawn(scx4j("run", "scx_simple")), "simple");
        System.out.println("last counters " + stopped.stdout().lines()
                .filter(l -> l.startsWith("local=")).reduce((x, y) -> y).orElse("-"));
    }

    private static long total(String line) {
        Matcher m = COUNTERS.matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }

    private static String[] concat(String a, String b, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
