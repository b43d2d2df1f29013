package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmConfig;
import org.scx4j.vm.junit.VmExtension;

/**
 * scx_cosmos's idea on a 4-CPU guest, from where busy loops run (field 39 of
 * /proc/PID/stat, sampled in the guest) and its counters ({@code --stats 1}): a single
 * busy task keeps its CPU while the others idle; with more busy tasks than CPUs, the system
 * is busy (-c 75), tasks go through the shared deadline queue and move between CPUs; with
 * {@code -m 2-3}, busy tasks end up on CPUs 2-3.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 4, memoryMiB = 2048)
class ScxCosmosVmIT {
    private static final Pattern SHARED = Pattern.compile("nr_shared_dispatches=(\\d+)");
    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void aLoneBusyTaskKeepsItsCpuAndBusyTasksSpreadWhenSaturated(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_cosmos", "-c", "75", "-p", "100", "--stats", "1"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("cosmos");
        awaitLines(running, ".*nr_shared_dispatches=\\d+.*", 3, Duration.ofSeconds(60));

        int before = sharedLines().size();
        Map<String, List<Integer>> alone = cpusOfBusyLoops(vm, 1, 30);
        List<Integer> cpus = alone.values().iterator().next();
        long changes = changes(cpus);
        String lone = "CPUs %s, %d change(s); nr_shared_dispatches per second meanwhile %s"
                .formatted(cpus, changes, sharedLines().subList(before, sharedLines().size()));
        System.out.println("scx_cosmos alone: " + lone);
        // A burst of other work (the JVM compiling) may make the system busy for a moment and move it once.
        assertThat(changes).as("one busy task on an idle machine keeps its CPU: " + lone).isLessThanOrEqualTo(1);

        before = sharedLines().size();
        Map<String, List<Integer>> crowded = cpusOfBusyLoops(vm, 6, 15);
        awaitLines(running, ".*nr_shared_dispatches=\\d+.*", before + 2, Duration.ofSeconds(30));
        List<Long> shared = sharedLines();
        long queued = shared.subList(before, shared.size()).stream().mapToLong(Long::longValue).sum();
        Set<Integer> used = new TreeSet<>();
        crowded.values().forEach(used::addAll);
        long moved = crowded.values().stream().filter(c -> new TreeSet<>(c).size() > 1).count();
        String what = "6 busy tasks: CPUs %s; %d of them changed CPU; nr_shared_dispatches +%d".formatted(crowded, moved, queued);
        System.out.println("scx_cosmos " + what);
        assertThat(used).as("every CPU ran them: " + what).containsExactly(0, 1, 2, 3);
        assertThat(moved).as("tasks moved between CPUs: " + what).isPositive();
        assertThat(queued).as("busy CPUs queue tasks by deadline on the shared queue: " + what).isPositive();

        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void busyTasksMoveIntoThePrimaryDomain(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_cosmos", "-m", "2-3", "-c", "100", "-p", "100"));
        awaitEnabled(vm, running);
        GuestScheduler.sleep(3000);
        // Never busy (-c 100): tasks keep their CPU, but one outside the primary domain moves to an idle primary CPU.
        // Both start pinned to CPUs 0 and 1, then may run anywhere: only a running task's move brings them to 2-3.
        Map<String, List<Integer>> two = cpusOf(vm, 2, 30, "taskset -c $((i - 1)) ", "while :; do :; done",
                "for p in $P; do taskset -pc 0-3 $p >/dev/null; done");
        String what = "-m 2-3, 2 busy tasks started on CPUs 0 and 1, then allowed all: CPUs " + two;
        System.out.println("scx_cosmos " + what);
        for (List<Integer> c : two.values()) {
            // The steady state: the first samples may predate the move (a task starts where it was forked).
            assertThat(c.subList(c.size() / 2, c.size())).as(what).allMatch(cpu -> cpu == 2 || cpu == 3);
        }
        GuestScheduler.stopCleanly(vm, running);
    }

    /** Starts n busy loops, samples each one's CPU every 100 ms (after 300 ms), then kills them: CPUs by pid. */
    private static Map<String, List<Integer>> cpusOfBusyLoops(Vm vm, int n, int samples) {
        return cpusOf(vm, n, samples, "", "while :; do :; done", "");
    }

    /**
     * Starts n copies of a shell loop (the i-th behind launch, which sees $i), runs then (which sees
     * their pids in $P) after 300 ms, samples each one's CPU every 100 ms, then kills them.
     */
    private static Map<String, List<Integer>> cpusOf(Vm vm, int n, int samples, String launch, String loop, String then) {
        String script = """
                P=""; for i in $(seq %d); do %ssh -c '%s' & P="$P $!"; done
                sleep 0.3
                %s
                for s in $(seq %d); do for p in $P; do read -r l < /proc/$p/stat; echo "$l"; done; sleep 0.1; done
                kill $P
                """.formatted(n, launch, loop, then, samples);
        Result r = vm.run(Duration.ofMinutes(2), "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Map<String, List<Integer>> cpus = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.trim().split(" "); // comm is "(sh)": no spaces; field 39 is the CPU
            cpus.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Integer.parseInt(f[38]));
        }
        assertThat(cpus).hasSize(n);
        return cpus;
    }

    /** How often consecutive samples differ. */
    private static long changes(List<Integer> cpus) {
        return IntStream.range(1, cpus.size()).filter(i -> !cpus.get(i).equals(cpus.get(i - 1))).count();
    }

    private List<Long> sharedLines() {
        List<Long> values = new ArrayList<>();
        Matcher m = SHARED.matcher(running.outputSoFar());
        while (m.find()) values.add(Long.parseLong(m.group(1)));
        return values;
    }
}
