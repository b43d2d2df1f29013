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
 * What is specific to scx_userland in a real sched_ext kernel (one VM boot; the conformance
 * suite covers the rest): two CPU hogs pinned to one CPU, one at nice -10, share it by
 * weight through Java's decisions, and upstream's counters move.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class UserlandVmIT {
    private static final String LINE = "bpf: kern=\\d+ .* \\| queued=.*";
    private static final Pattern FIELDS = Pattern.compile(
            "bpf: kern=(\\d+) user=(\\d+) failed=\\d+ total=\\d+ vruntime: enq=\\d+ disp=(\\d+) failed=\\d+ ");
    /** Two hogs on CPU 1 for 10 s; prints each one's utime+stime in ticks, the nice -10 one first. */
    private static final String PAIR = """
            taskset -c 1 nice -n -10 sh -c 'while :; do :; done' & heavy=$!
            taskset -c 1 sh -c 'while :; do :; done' & light=$!
            sleep 10
            ticks() { set -- $(cut -d' ' -f14,15 /proc/$1/stat); echo $(($1 + $2)); }
            echo "$(ticks $heavy) $(ticks $light)"
            kill $heavy $light
            """;

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void aHeavierTaskGetsMoreOfASharedCpuThroughJavasDecisions(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_userland", "-b", "2"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("userland");
        long[] before = counters(awaitLines(running, LINE, 1, Duration.ofSeconds(60)).getLast());

        Result pair = vm.run(Duration.ofMinutes(2), "sh", "-c", PAIR);
        assertThat(pair.exitCode()).as(pair.stderr()).isZero();
        String[] ticks = pair.stdout().trim().split(" ");
        long heavy = Long.parseLong(ticks[0]), light = Long.parseLong(ticks[1]);
        double share = (double) heavy / (heavy + light);
        System.out.printf("scx_userland: nice -10 %d ticks, nice 0 %d ticks, share %.2f%n", heavy, light, share);
        // Weights 932:100: about 0.9 ideally; 0.6 leaves room for emulation (EEVDF itself: 0.88).
        assertThat(share).as("nice -10 share of CPU 1 (%d vs %d ticks)", heavy, light).isGreaterThan(0.6);
        assertThat(light).as("the nice 0 task still ran").isPositive();

        String last = awaitLines(running, LINE, 12, Duration.ofSeconds(60)).getLast();
        long[] after = counters(last);
        assertThat(after[1]).as("tasks went to Java: %s", last).isGreaterThan(before[1]);
        assertThat(after[2]).as("Java's dispatches were applied: %s", last).isGreaterThan(before[2]);
        assertThat(after[0]).as("BPF dispatched kernel and JVM threads itself: %s", last).isPositive();
        GuestScheduler.stopCleanly(vm, running);
    }

    /** kern, user, disp from the once-a-second line. */
    private static long[] counters(String line) {
        Matcher m = FIELDS.matcher(line);
        assertThat(m.find()).as("counter line: %s", line).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }
}
