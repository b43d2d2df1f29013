package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
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
 * scx_pair's idea in a real kernel: the guest's two CPUs are one pair, and they never
 * run tasks of two cgroups at once. Cgroup pa runs two busy loops, pb one. Taking turns,
 * pa fills both CPUs in its batches, while in pb's batches one CPU must sit idle though
 * pa has runnable loops, so over the window pa gets more CPU time than pb, both progress,
 * and the machine is partly idle with three busy loops on two CPUs (any scheduler that
 * mixed cgroups on the pair would keep both CPUs busy). The scheduler's own check, tasks
 * it dispatched that started while the other CPU ran another cgroup (the {@code conflicts}
 * metric), stays zero over the window while its counters show the pair switching cgroups.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxPairVmIT {
    private static final int WINDOW_SECONDS = 20;
    private static final Pattern USAGE = Pattern.compile("^usage (\\S+) (\\d+)$", Pattern.MULTILINE);
    private static final Pattern CPU = Pattern.compile("^cpu (\\d+) (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STATS = Pattern.compile("^total=.*$", Pattern.MULTILINE);

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void aPairNeverRunsTwoCgroupsAtOnceAndBothProgress(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_pair", "--stats", "1"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("pair");
        // Past the load (the kernel places tasks itself while it enables the scheduler).
        awaitLines(running, "total=.*", 2, Duration.ofSeconds(60));
        assertThat(running.outputSoFar()).contains("Pairs: [0, 1]");

        int before = running.outputSoFar().length();
        Result r = vm.run(Duration.ofSeconds(WINDOW_SECONDS + 120), "sh", "-c", """
                set -e; cd /sys/fs/cgroup
                mkdir pa pb
                hog() { sh -c "echo \\$\\$ > $1/cgroup.procs; exec sh -c 'while :; do :; done'" & }
                hog pa; hog pa; hog pb
                sleep 2
                grep -q 'ext.enabled.*1' /proc/$(head -1 pb/cgroup.procs)/sched && echo busy-under-ext
                ua=$(awk '/usage_usec/{print $2}' pa/cpu.stat); ub=$(awk '/usage_usec/{print $2}' pb/cpu.stat)
                c0=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8, $5}' /proc/stat)
                sleep %d
                echo usage pa $(( $(awk '/usage_usec/{print $2}' pa/cpu.stat) - ua ))
                echo usage pb $(( $(awk '/usage_usec/{print $2}' pb/cpu.stat) - ub ))
                c1=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8, $5}' /proc/stat)
                echo cpu $(( ${c1%% *} - ${c0%% *} )) $(( ${c1##* } - ${c0##* } ))
                echo state $(cat /sys/kernel/sched_ext/state)
                kill -9 $(cat pa/cgroup.procs pb/cgroup.procs)
                wait 2>/dev/null || true
                rmdir pa pb
                """.formatted(WINDOW_SECONDS));
        String window = running.outputSoFar().substring(before);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).as("busy loops run under sched_ext").contains("busy-under-ext");
        assertThat(r.stdout()).as("attached through the window; its output:\n%s", running.outputSoFar())
                .contains("state enabled");

        Map<String, Long> usage = new HashMap<>();
        Matcher m = USAGE.matcher(r.stdout());
        while (m.find()) usage.put(m.group(1), Long.parseLong(m.group(2)));
        Matcher c = CPU.matcher(r.stdout());
        assertThat(c.find()).as(r.stdout()).isTrue();
        double idleShare = Double.parseDouble(c.group(2)) / Double.parseDouble(c.group(1));
        Map<String, Long> counters = sum(window);
        System.out.printf("scx_pair over %d s: CPU time (us) %s, idle share %.2f, counters %s%n", WINDOW_SECONDS, usage,
                idleShare, counters);

        long pa = usage.get("pa"), pb = usage.get("pb");
        assertThat(pb).as("pb's single loop progresses (no starvation): %s", usage).isGreaterThan((pa + pb) / 10);
        assertThat(pa).as("pa's two loops fill both CPUs in its turns, pb's one loop only one: %s", usage)
                .isGreaterThan(pb);
        assertThat(idleShare).as("a CPU idles in pb's turns although pa has runnable loops").isGreaterThan(0.10);
        assertThat(counters.get("cgnext")).as("the pair switched cgroups: %s", counters).isPositive();
        assertThat(counters.get("conflicts")).as("dispatched tasks started next to another cgroup's task: %s; each second:%n%s",
                        counters, window)
                .isZero();
        assertThat(ops(vm)).isEqualTo("pair");
        Result stopped = GuestScheduler.stopCleanly(vm, running);
        assertThat(stopped.stdout()).contains("EXIT: ");
    }

    /** Sums the {@code --stats} lines (deltas per second) printed in the window, by metric. */
    private static Map<String, Long> sum(String window) {
        Map<String, Long> total = new HashMap<>();
        List<String> lines = STATS.matcher(window).results().map(MatchResult::group).toList();
        assertThat(lines).as("stats lines in the window:\n%s", window).hasSizeGreaterThanOrEqualTo(WINDOW_SECONDS / 2);
        for (String line : lines)
            for (String kv : line.trim().split("\\s+")) {
                String[] p = kv.split("=", 2);
                total.merge(p[0], Long.parseLong(p[1]), Long::sum);
            }
        return total;
    }
}
