package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_flash's idea on a 2-CPU guest: a cgroup's cpu.weight multiplies its tasks' weights, so
 * two busy cgroups with weights 100 and 200 (as many busy loops each as CPUs) get CPU time
 * 1:2, while tasks still go by deadline through the node's queue. Its default -I 32 holds
 * every CPU's idle resume latency at 32 us while it runs, and Ctrl-C puts the old value back.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxFlashVmIT {
    private static final int WINDOW_SECONDS = 20;
    private static final double TOLERANCE = 0.10;
    private static final String LINE = ".*nr_shared_dispatches=\\d+.*";
    private static final String LATENCY = "/sys/devices/system/cpu/cpu1/power/pm_qos_resume_latency_us";
    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void twoBusyCgroupsShareTheCpusByWeight(Vm vm) {
        String latencyBefore = vm.run("cat", LATENCY).stdout().strip();
        running = vm.spawn(scx4j("run", "scx_flash", "--stats", "1"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("flash");
        // Set just after attaching, beside the stats server's start: wait for it rather than race it.
        Await.until(() -> vm.run("cat", LATENCY).stdout().strip(), "32"::equals, running::isDone, Duration.ofSeconds(20),
                Duration.ZERO, () -> "-I 32 while running (it was " + latencyBefore + "); output:\n" + running.outputSoFar());

        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("flash_lo", 100);
        weights.put("flash_hi", 200);
        Map<String, Long> usage = CgroupCpuTime.measure(vm, running, weights, List.copyOf(weights.keySet()), WINDOW_SECONDS);
        double ratio = (double) usage.get("flash_hi") / usage.get("flash_lo");
        assertThat(ratio).as("CPU time flash_hi (200) / flash_lo (100): %s", usage).isCloseTo(2.0, within(2.0 * TOLERANCE));

        int after = (int) running.outputSoFar().lines().filter(l -> l.matches(LINE)).count();
        List<String> lines = awaitLines(running, LINE, after + 2, Duration.ofSeconds(30));
        assertThat(lines.stream().mapToLong(l -> value(l, "nr_shared_dispatches")).sum())
                .as("tasks queued by deadline on the node's queue: %s", lines).isPositive();
        GuestScheduler.stopCleanly(vm, running);
        assertThat(vm.run("cat", LATENCY).stdout().strip()).as("the idle resume latency put back").isEqualTo(latencyBefore);
    }

    private static long value(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
