package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_prev's idea in a real sched_ext kernel: on a lightly loaded machine a waking task
 * finds the CPU it last ran on idle, so most wake-ups go back there. The counters printed
 * while a light workload (one task sleeping and waking in a loop) runs must show it.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxPrevVmIT {
    private static final String LINE = "local=\\d+ select_fail=\\d+ prev_cpu=\\d+ idle_cpu=\\d+";
    private static final Pattern COUNTERS = Pattern.compile("local=(\\d+) select_fail=(\\d+) prev_cpu=(\\d+) idle_cpu=(\\d+)");

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void wakeUpsOnALightlyLoadedMachineMostlyReturnToThePreviousCpu(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_prev"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("prev");
        long[] before = counters(last(awaitLines(running, LINE, 2, Duration.ofSeconds(60))));
        int seen = awaitLines(running, LINE, 2, Duration.ofSeconds(60)).size();

        // Light load: one shell sleeping 20 ms at a time, 300 times; the other CPU stays mostly idle.
        Result load = vm.run(Duration.ofMinutes(3), "sh", "-c", "i=0; while [ $i -lt 300 ]; do sleep 0.02; i=$((i+1)); done");
        assertThat(load.exitCode()).as(load.stdout()).isZero();

        long[] after = counters(last(awaitLines(running, LINE, seen + 2, Duration.ofSeconds(60))));
        long local = after[0] - before[0], fail = after[1] - before[1], prev = after[2] - before[2], idle = after[3] - before[3];
        String what = "during the workload: local=%d select_fail=%d prev_cpu=%d idle_cpu=%d".formatted(local, fail, prev, idle);
        System.out.println("scx_prev " + what);
        assertThat(prev).as("there were wake-ups: " + what).isGreaterThanOrEqualTo(300);
        assertThat(prev).as("an idle previous CPU takes most wake-ups: " + what).isGreaterThan(idle + fail);

        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static long[] counters(String line) {
        Matcher m = COUNTERS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4))};
    }
}
