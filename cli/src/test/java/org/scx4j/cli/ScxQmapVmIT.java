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
 * scx_qmap in a real sched_ext kernel (one VM boot for the class; the conformance suite
 * covers its default mode under stress, hotplug and stop): tasks go through its FIFOs and
 * out again, and its test-harness options end it the way they promise, -e with its own
 * error and its queues in the exit dump, -t with the watchdog naming the starved task.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxQmapVmIT {
    private static final Pattern STATS = Pattern.compile("stats  : enq=(\\d+) dsp=(\\d+) delta=(-?\\d+) reenq=\\d+ deq=\\d+ core=\\d+ enq_ddsp=\\d+");
    private static final Duration ENDS = Duration.ofMinutes(4);

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void tasksAreQueuedOnTheFifosAndDispatchedFromThem(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_qmap"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("qmap");
        List<String> lines = awaitLines(running, STATS.pattern(), 3, Duration.ofSeconds(60));
        long[] first = counters(lines.getFirst()), last = counters(lines.getLast());
        assertThat(last[0]).as("enq grows: %s", lines).isGreaterThan(first[0]);
        assertThat(last[1]).as("dsp grows: %s", lines).isGreaterThan(first[1]);
        assertThat(running.outputSoFar()).contains("exp_local=").contains("cpuperf: cur min/avg/max=");
        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    @Test
    void errorAfterCountEnqueuesExitsNonZeroWithItsReasonAndTheQueuesInTheDump(Vm vm) {
        Result r = vm.run(ENDS, scx4j("run", "scx_qmap", "-e", "100"));
        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        assertThat(r.stdout()).containsPattern("EXIT: .*\\(test triggering error\\)");
        for (int q = 0; q < 5; q++) assertThat(r.stdout()).as("queue %d in the dump", q).contains("QMAP FIFO[" + q + "]:");
        assertThat(r.stdout()).contains("QMAP: force_local=");
        assertThat(GuestScheduler.state(vm)).isEqualTo("disabled");
    }

    @Test
    void stallingEveryNthUserTaskEndsInAWatchdogExitNamingTheTask(Vm vm) {
        Result r = vm.run(ENDS, scx4j("run", "scx_qmap", "-t", "20"));
        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        Matcher m = Pattern.compile("EXIT: .*stall.*\\((.+?)\\[(\\d+)\\] failed to run for").matcher(r.stdout());
        assertThat(m.find()).as("a watchdog exit naming the task: %s", r.stdout()).isTrue();
        assertThat(r.stdout()).as("the dump shows the stalled task").contains(m.group(1) + "[" + m.group(2) + "]");
        assertThat(GuestScheduler.state(vm)).isEqualTo("disabled");
    }

    private static long[] counters(String line) {
        Matcher m = STATS.matcher(line);
        assertThat(m.find()).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
