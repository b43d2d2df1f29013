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
import java.util.Set;
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
 * from its util_range within its cpus_range; a task that renames itself changes layer.
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
    private Spawned running;

    @AfterEach
    void stopLeftover(Vm vm) {
        vm.run(Duration.ofSeconds(30), "sh", "-c", "[ -f /tmp/hogs ] && kill $(cat /tmp/hogs); rm -f /tmp/hogs; sleep 0.5; "
                + "rmdir /sys/fs/cgroup/batch.slice 2>/dev/null; true");
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
                for s in $(seq 20); do for p in $P; do read -r l < /proc/$p/stat; echo "$l"; done; sleep 0.1; done
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Set<Integer> cpus = new HashSet<>();
        for (String line : r.stdout().lines().toList()) cpus.add(Integer.parseInt(line.trim().split(" ")[38]));
        int before = layer0().size();
        awaitLines(running, ".*layer0 .*", before + 2, Duration.ofSeconds(60));
        int[] last = layer0().getLast();
        String what = "CPUs the hogs ran on: " + cpus + "; layer0 tasks/cpus, one report a second: " + format(layer0());
        System.out.println("scx_layered confined: " + what);
        assertThat(cpus).as(what).hasSize(1);
        assertThat(last[0]).as("the four hogs are in the layer: " + what).isGreaterThanOrEqualTo(4);
        assertThat(last[1]).as("the layer owns one CPU: " + what).isEqualTo(1);
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void aBusyLayerGrowsToTheTopOfItsCpusRange(Vm vm) {
        start(vm, batchSpec("[1, 3]", "[0.5, 0.6]"));
        Result r = vm.run(Duration.ofMinutes(1), "sh", "-c", HOGS);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        awaitLines(running, ".*layer0 .*cpus=3.*", 1, Duration.ofSeconds(30));
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
