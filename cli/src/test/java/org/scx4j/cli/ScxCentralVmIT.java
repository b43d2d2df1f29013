package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;
import static org.scx4j.cli.GuestScheduler.state;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
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

/**
 * scx_central's idea in a real sched_ext kernel: with CPU 1 as the central CPU ({@code -c 1}),
 * its dispatch rounds and its timer run (the counters move) while CPU 0 runs the tasks it
 * is handed (it is busy under a CPU-bound load); and a central CPU that does not exist is
 * refused clearly. The conformance suite covers the default, stress, hotplug and stop.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScxCentralVmIT {
    private static final String TIMER_LINE = "timer +:.*";
    private static final Pattern TIMER = Pattern.compile("timer +: *(\\d+) dispatch: *(\\d+) mismatch: *(\\d+) retry: *(\\d+)");

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @Order(1)
    void theCentralCpuDecidesAndTheOtherCpuRunsTasks(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_central", "-c", "1", "-s", "5000"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("central");
        long[] before = timerLine(last(awaitLines(running, TIMER_LINE, 2, Duration.ofSeconds(60))));
        int seen = awaitLines(running, TIMER_LINE, 2, Duration.ofSeconds(60)).size();

        long[] cpu0Before = cpuTimes(vm, 0);
        // Two CPU-bound tasks for 8 s: one CPU's worth more than the central CPU alone can run.
        Result load = vm.run(Duration.ofMinutes(3), "sh", "-c",
                "for i in 1 2; do timeout 8 sh -c 'while :; do :; done' & done; wait; true");
        assertThat(load.exitCode()).as(load.stdout()).isZero();
        long[] cpu0After = cpuTimes(vm, 0);

        long[] after = timerLine(last(awaitLines(running, TIMER_LINE, seen + 2, Duration.ofSeconds(60))));
        long timer = after[0] - before[0], dispatch = after[1] - before[1];
        long busy0 = busy(cpu0After) - busy(cpu0Before), total0 = total(cpu0After) - total(cpu0Before);
        String what = "during the load: timer +%d, dispatch +%d (central CPU 1); CPU 0 busy %d of %d ticks"
                .formatted(timer, dispatch, busy0, total0);
        System.out.println("scx_central " + what);
        assertThat(timer).as("the central CPU's timer ticks: " + what).isPositive();
        assertThat(dispatch).as("the central CPU dispatches: " + what).isPositive();
        assertThat(busy0 * 2).as("CPU 0 runs the tasks handed to it most of the time: " + what).isGreaterThan(total0);

        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    @Test
    @Order(2)
    void aCentralCpuThatDoesNotExistIsRefused(Vm vm) {
        Result r = vm.run(Duration.ofMinutes(3), scx4j("run", "scx_central", "-c", "2"));
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(2);
        assertThat(r.stdout()).contains("scx_central: -c 2: no such CPU (this machine's CPUs are 0-1)");
        assertThat(state(vm)).isEqualTo("disabled");
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static long[] timerLine(String line) {
        Matcher m = TIMER.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4))};
    }

    /** The guest's /proc/stat jiffies of one CPU: user nice system idle iowait irq softirq steal ... */
    private static long[] cpuTimes(Vm vm, int cpu) {
        String line = vm.run("grep", "^cpu" + cpu + " ", "/proc/stat").stdout().strip();
        return Arrays.stream(line.split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
    }

    private static long total(long[] t) {
        return Arrays.stream(t).limit(8).sum();
    }

    private static long busy(long[] t) {
        return total(t) - t[3] - t[4];
    }
}
