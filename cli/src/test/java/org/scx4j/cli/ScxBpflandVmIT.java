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
 * scx_bpfland's idea on a 2-CPU guest: a task that wakes every millisecond and runs briefly
 * (cyclictest) goes ahead of CPU hogs (stress-ng, two per CPU) by its earlier deadline, so
 * its average wake-up latency stays below one slice of theirs (-s 20 ms: a woken task
 * queued behind the hogs would wait at least that long), and the counters show tasks went
 * both to idle CPUs directly and by deadline through the node's queue.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxBpflandVmIT {
    private static final long SLICE_US = 20_000;
    private static final String LINE = ".*nr_shared_dispatches=\\d+.*";
    private static final Pattern AVG = Pattern.compile("Avg:\\s*(\\d+)\\s+Max:\\s*(\\d+)");
    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void aFrequentlyWakingTaskGoesAheadOfCpuHogs(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_bpfland", "-s", String.valueOf(SLICE_US), "--stats", "1"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("bpfland");
        awaitLines(running, LINE, 2, Duration.ofSeconds(60));

        Result work = vm.run(Duration.ofMinutes(3), "sh", "-c",
                "stress-ng -q -c 4 -t 60 & S=$!; sleep 2; cyclictest -q -p 0 --policy=other -t 1 -i 1000 -l 2000; R=$?; kill $S; wait; exit $R");
        assertThat(work.exitCode()).as(work.stdout() + work.stderr()).isZero();
        Matcher m = AVG.matcher(work.stdout());
        assertThat(m.find()).as("cyclictest's summary: " + work.stdout()).isTrue();
        long avg = Long.parseLong(m.group(1)), max = Long.parseLong(m.group(2));

        int after = (int) running.outputSoFar().lines().filter(l -> l.matches(LINE)).count();
        List<String> lines = awaitLines(running, LINE, after + 2, Duration.ofSeconds(30));
        long direct = sum(lines, "nr_direct_dispatches"), shared = sum(lines, "nr_shared_dispatches");
        long preempted = sum(lines, "nr_wakeup_preemptions");
        long peakRunning = lines.stream().mapToLong(l -> value(l, "nr_running")).max().orElse(0);
        String what = ("4 hogs on 2 CPUs, -s %d us: cyclictest avg %d us, max %d us; nr_direct_dispatches %d,"
                + " nr_shared_dispatches %d, nr_wakeup_preemptions %d, peak nr_running %d")
                .formatted(SLICE_US, avg, max, direct, shared, preempted, peakRunning);
        System.out.println("scx_bpfland " + what);
        assertThat(avg).as("the interactive task waits less than a hog's slice: " + what).isLessThan(SLICE_US);
        assertThat(shared).as("busy CPUs queue tasks by deadline on the node's queue: " + what).isPositive();
        assertThat(direct).as("woken tasks went straight to idle CPUs: " + what).isPositive();
        assertThat(preempted).as("the woken task preempted hogs that had run their slice: " + what).isPositive();
        assertThat(peakRunning).as("both CPUs ran tasks at once: " + what).isGreaterThanOrEqualTo(2);
        GuestScheduler.stopCleanly(vm, running);
    }

    private static long value(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long sum(List<String> lines, String name) {
        return lines.stream().mapToLong(l -> value(l, name)).sum();
    }
}
