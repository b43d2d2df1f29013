package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * scx_layered on a 4-CPU guest: a Confined layer for the cgroup {@code batch.slice} and an Open
 * layer for the rest. Four CPU hogs in batch.slice run only on the CPUs the layer owns (field 39
 * of /proc/PID/stat, sampled in the guest), which its stats ({@code --stats 1}) show it sized
 * from its util_range within its cpus_range, up and down; a task waking often outside the layer
 * does not wait behind the hogs as one inside does; a task that renames itself or moves to
 * another cgroup changes layer; a Grouped layer's hogs spill onto idle CPUs of other layers,
 * except a protected one's.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 4, memoryMiB = 2048)
class ScxLayeredVmIT {
    private static final Pattern LAYER0 = Pattern.compile("layer0 .*?tasks=(\\d+) cpus=(\\d+)");
    private static final String HOGS = """
            mkdir -p /sys/fs/cgroup/batch.slice
            P=""; for i in 1 2 3 4; do
              sh -c 'echo $$ > /sys/fs/cgroup/batch.slice/cgroup.procs; while :; do :; done' & P="$P $!"
            done
            echo $P > /tmp/hogs
            """;
    /** A bash that wakes every 10 ms (a read timing out: no process forked per wake-up). */
    private static final String WAKER = "exec 3<> /tmp/wake; while :; do read -t 0.01 -u 3; done";
    private Spawned running;

    @AfterEach
    void stopLeftover(Vm vm) {
        vm.run(Duration.ofSeconds(30), "sh", "-c", "[ -f /tmp/hogs ] && kill $(cat /tmp/hogs); rm -f /tmp/hogs /tmp/wake; "
                + "sleep 0.5; rmdir /sys/fs/cgroup/batch.slice 2>/dev/null; true");
        GuestScheduler.stopLeftover(running);
    }

    private static String batchSpec(String cpusRange, String utilRange) {
        return """
                [{"name": "batch", "matches": [[{"CgroupPrefix": "batch.slice"}]],
                  "kind": {"Confined": {"cpus_range": %s, "util_range": %s}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]""".formatted(cpusRange, utilRange);
    }

    @Test
    void hogsOfAConfinedLayerRunOnlyOnItsOneCpu(Vm vm) {
        start(vm, batchSpec("[1, 1]", "[0.8, 0.9]"));
        Result r = vm.run(Duration.ofMinutes(2), "sh", "-c", HOGS + """
                sleep 3
                for s in $(seq 20); do for p in $P; do read -r l < /proc/$p/stat; echo "$s $l"; done; sleep 0.1; done
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Map<Integer, Integer> cpus = new TreeMap<>(); // CPU -> samples that saw a hog there
        Map<Integer, String> first = new TreeMap<>(); // CPU -> the first such sample, as sample:pid
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.trim().split(" ");
            cpus.merge(Integer.parseInt(f[39]), 1, Integer::sum);
            first.putIfAbsent(Integer.parseInt(f[39]), f[0] + ":" + f[1]);
        }
        int before = layer0().size();
        awaitLines(running, ".*layer0 .*", before + 2, Duration.ofSeconds(60));
        int[] last = layer0().getLast();
        String what = "the hogs' CPUs (samples there " + cpus + ", first at sample:pid " + first + ")" + "; layer0 tasks/cpus, one report a second: "
                + format(layer0());
        System.out.println("scx_layered confined: " + what);
        assertThat(cpus).as(what + "\n" + running.outputSoFar()).hasSize(1);
        assertThat(last[0]).as("the four hogs are in the layer: " + what).isGreaterThanOrEqualTo(4);
        assertThat(last[1]).as("the layer owns one CPU: " + what).isEqualTo(1);
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void anInteractiveTaskOutsideTheLayerDoesNotWaitBehindItsHogs(Vm vm) {
        start(vm, batchSpec("[1, 1]", "[0.8, 0.9]"));
        // Two wakers, one in batch.slice with the hogs, one outside; each one's time waiting on
        // a run queue per run (/proc/PID/schedstat) over 5 s, after 3 s to settle.
        Result r = vm.run(Duration.ofMinutes(2), "bash", "-c", HOGS + """
                mkfifo /tmp/wake
                bash -c 'echo $$ > /sys/fs/cgroup/batch.slice/cgroup.procs; %1$s' & P="$P $!"; in=$!
                bash -c '%1$s' & P="$P $!"; out=$!
                echo $P > /tmp/hogs
                sleep 3
                read -r _ w0 n0 < /proc/$in/schedstat; read -r _ v0 m0 < /proc/$out/schedstat
                sleep 5
                read -r _ w1 n1 < /proc/$in/schedstat; read -r _ v1 m1 < /proc/$out/schedstat
                echo "inside $((w1 - w0)) $((n1 - n0))"; echo "outside $((v1 - v0)) $((m1 - m0))"
                """.formatted(WAKER));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        long[] inside = waits(r.stdout(), "inside"), outside = waits(r.stdout(), "outside");
        String what = "ns waiting / runs: inside the layer " + inside[0] + " / " + inside[1] + ", outside " + outside[0]
                + " / " + outside[1];
        System.out.println("scx_layered interactive: " + what);
        assertThat(inside[1]).as("the waker inside ran: " + what).isGreaterThanOrEqualTo(20);
        assertThat(outside[1]).as("the waker outside ran: " + what).isGreaterThanOrEqualTo(20);
        assertThat(outside[0] / outside[1]).as("per run, the waker outside waits a third of the one inside at most: " + what)
                .isLessThan(inside[0] / inside[1] / 3);
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void aBusyLayerGrowsToTheTopOfItsCpusRangeAndShrinksWhenIdle(Vm vm) {
        start(vm, batchSpec("[1, 3]", "[0.5, 0.6]"));
        Result r = vm.run(Duration.ofMinutes(1), "sh", "-c", HOGS);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        awaitLines(running, ".*layer0 .*cpus=3.*", 1, Duration.ofSeconds(30));
        vm.run(Duration.ofSeconds(30), "sh", "-c", "kill $(cat /tmp/hogs); rm /tmp/hogs");
        awaitLines(running, ".*layer0 .*tasks=0 cpus=1\\b.*", 1, Duration.ofSeconds(30));
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void aTaskMovedIntoTheLayersCgroupChangesLayer(Vm vm) {
        start(vm, batchSpec("[1, 1]", "[0.8, 0.9]"));
        Result r = vm.run(Duration.ofMinutes(1), "sh", "-c", """
                mkdir -p /sys/fs/cgroup/batch.slice
                sh -c 'while :; do :; done' &
                echo $! > /tmp/hogs
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        awaitLines(running, ".*layer0 .*", layer0().size() + 2, Duration.ofSeconds(60));
        assertThat(layer0().getLast()[0]).as("the hog starts outside: " + format(layer0())).isZero();
        vm.run(Duration.ofSeconds(30), "sh", "-c", "cat /tmp/hogs > /sys/fs/cgroup/batch.slice/cgroup.procs");
        awaitLines(running, ".*layer0 .*tasks=1 .*", 1, Duration.ofSeconds(30));
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void aGroupedLayerSpillsOntoIdleCpusOfOtherLayersButNotAProtectedOne(Vm vm) {
        start(vm, """
                [{"name": "grouped", "matches": [[{"CgroupPrefix": "batch.slice"}]],
                  "kind": {"Grouped": {"cpus_range": [1, 1], "util_range": [0.8, 0.9]}}},
                 {"name": "guarded", "matches": [[{"CommPrefix": "guarded"}]],
                  "kind": {"Confined": {"cpus_range": [1, 1], "util_range": [0.8, 0.9], "protected": true}}},
                 {"name": "lender", "matches": [[{"CommPrefix": "lender"}]],
                  "kind": {"Confined": {"cpus_range": [1, 1], "util_range": [0.8, 0.9]}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]""");
        // A waker in each Confined layer, so each owns a CPU (the one its waker runs on), then
        // the hogs; every task's CPU sampled 30 times.
        Result r = vm.run(Duration.ofMinutes(2), "bash", "-c", """
                mkfifo /tmp/wake
                bash -c 'printf guarded > /proc/self/comm; %1$s' & g=$!
                bash -c 'printf lender > /proc/self/comm; %1$s' & l=$!
                echo $g $l > /tmp/hogs
                sleep 2
                %2$s
                echo $g $l $P > /tmp/hogs
                sleep 3
                for s in $(seq 30); do
                  for p in $g $l $P; do read -r line < /proc/$p/stat; set -- $line; echo "$p ${39}"; done; sleep 0.1
                done
                echo "wakers $g $l"
                """.formatted(WAKER, HOGS));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        String[] wakers = r.stdout().lines().filter(l -> l.startsWith("wakers ")).findFirst().orElseThrow().split(" ");
        Set<String> guarded = new HashSet<>(), lender = new HashSet<>(), hogs = new HashSet<>();
        for (String line : r.stdout().lines().filter(l -> !l.startsWith("wakers ")).toList()) {
            String[] f = line.split(" ");
            (f[0].equals(wakers[1]) ? guarded : f[0].equals(wakers[2]) ? lender : hogs).add(f[1]);
        }
        String what = "CPUs of the guarded waker " + guarded + ", of the lender " + lender + ", of the hogs " + hogs;
        System.out.println("scx_layered grouped: " + what);
        assertThat(guarded).as("a Confined layer's task stays on its one CPU: " + what).hasSize(1);
        assertThat(lender).as("a Confined layer's task stays on its one CPU: " + what).hasSize(1);
        assertThat(hogs).as("the Grouped hogs spill onto the lender's idle CPU: " + what).containsAll(lender);
        assertThat(hogs).as("but never onto the protected layer's: " + what).doesNotContainAnyElementsOf(guarded);
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void aTaskThatRenamesItselfChangesLayer(Vm vm) {
        start(vm, """
                [{"name": "renamed", "matches": [[{"CommPrefix": "hogrenamed"}]], "kind": {"Open": {}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]""");
        awaitLines(running, ".*layer0 .*", layer0().size() + 2, Duration.ofSeconds(60));
        assertThat(layer0().getLast()[0]).as("nothing has the name yet: " + format(layer0())).isZero();
        Result r = vm.run(Duration.ofMinutes(1), "sh", "-c", """
                sh -c 'printf hogrenamed > /proc/self/comm; while :; do :; done' &
                echo $! > /tmp/hogs
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        awaitLines(running, ".*layer0 .*tasks=1 .*", 1, Duration.ofSeconds(30));
        GuestScheduler.stopCleanly(vm, running);
    }

    /** {ns waiting, runs} from the line "LABEL WAIT RUNS". */
    private static long[] waits(String out, String label) {
        String[] f = out.lines().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow().split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    private void start(Vm vm, String spec) {
        running = vm.spawn(scx4j("run", "scx_layered", "--stats", "1", spec));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("layered");
        awaitLines(running, ".*layer0 .*", 1, Duration.ofSeconds(60));
    }

    /** {tasks, cpus} of layer 0 in every report so far. */
    private List<int[]> layer0() {
        List<int[]> reports = new ArrayList<>();
        Matcher m = LAYER0.matcher(running.outputSoFar());
        while (m.find()) reports.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        return reports;
    }

    private static String format(List<int[]> reports) {
        StringBuilder s = new StringBuilder();
        for (int[] r : reports) s.append(' ').append(r[0]).append('/').append(r[1]);
        return s.toString().strip();
    }
}
