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
 * scx_flatcg's idea in a real kernel: busy cgroups get CPU time in proportion to their
 * flattened cpu.weight shares. Each leaf cgroup runs as many busy loops as the guest has
 * CPUs, so any of them alone could take the whole machine; the CPU time each gets over a
 * 20 s window (cgroup cpu.stat usage_usec) is compared with the product of its shares
 * along the path. The busy loops must run under sched_ext, with flatcg attached
 * throughout, and flatcg's own counters must show it picking cgroups.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScxFlatcgVmIT {
    private static final int WINDOW_SECONDS = 20;
    private static final double TOLERANCE = 0.10;
    private static final Pattern USAGE = Pattern.compile("^usage (\\S+) (\\d+)$", Pattern.MULTILINE);

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @Order(1)
    void twoBusyCgroupsShareTheCpusByWeight(Vm vm) {
        start(vm);
        Map<String, Long> usage = measure(vm, running, Map.of("fcg_lo", 100, "fcg_hi", 300), List.of("fcg_lo", "fcg_hi"));
        double ratio = (double) usage.get("fcg_hi") / usage.get("fcg_lo");
        assertThat(ratio).as("CPU time fcg_hi (300) / fcg_lo (100): %s", usage).isCloseTo(3.0, within(3.0 * TOLERANCE));
        stillFlatcgAndPickingCgroups(vm);
    }

    /** Upstream's example: A(100) holding B(100) and C(100), beside D(200): B, C and D get 1/6, 1/6 and 2/3. */
    @Test
    @Order(2)
    void nestedCgroupsGetTheProductOfTheirShares(Vm vm) {
        start(vm);
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("fcg_a", 100);
        weights.put("fcg_a/b", 100);
        weights.put("fcg_a/c", 100);
        weights.put("fcg_d", 200);
        Map<String, Long> usage = measure(vm, running, weights, List.of("fcg_a/b", "fcg_a/c", "fcg_d"));
        long b = usage.get("fcg_a/b"), c = usage.get("fcg_a/c"), d = usage.get("fcg_d");
        assertThat((double) d / (b + c)).as("D / (B + C), shares 2/3 : 1/3: %s", usage).isCloseTo(2.0, within(2.0 * TOLERANCE));
        assertThat((double) b / c).as("B / C, equal shares: %s", usage).isCloseTo(1.0, within(TOLERANCE));
        stillFlatcgAndPickingCgroups(vm);
    }

    private void start(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_flatcg", "-i", "1"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("flatcg");
    }

    /**
     * Creates the cgroups (parents first, cpu controller on for their children) with their
     * weights, starts as many busy loops as CPUs in each leaf, lets them settle, then
     * returns each leaf's CPU time over the window, in microseconds.
     */
    private static Map<String, Long> measure(Vm vm, Spawned sched, Map<String, Integer> weights, List<String> leaves) {
        StringBuilder s = new StringBuilder("set -e; cd /sys/fs/cgroup; n=$(nproc)\n");
        weights.forEach((g, w) -> {
            s.append("mkdir ").append(g).append("; echo ").append(w).append(" > ").append(g).append("/cpu.weight\n");
            if (leaves.stream().anyMatch(l -> l.startsWith(g + "/")))
                s.append("echo +cpu > ").append(g).append("/cgroup.subtree_control\n");
        });
        for (String l : leaves)
            s.append("for i in $(seq $n); do sh -c 'echo $$ > ").append(l)
                    .append("/cgroup.procs; exec sh -c \"while :; do :; done\"' & done\n");
        s.append("sleep 3\n");
        s.append("grep -q 'ext.enabled.*1' /proc/$(head -1 ").append(leaves.get(0))
                .append("/cgroup.procs)/sched && echo busy-under-ext\n");
        for (String l : leaves) s.append("u0_").append(l.replace('/', '_')).append("=$(awk '/usage_usec/{print $2}' ").append(l).append("/cpu.stat)\n");
        s.append("sleep ").append(WINDOW_SECONDS).append('\n');
        for (String l : leaves) s.append("echo usage ").append(l).append(" $(( $(awk '/usage_usec/{print $2}' ").append(l)
                .append("/cpu.stat) - $u0_").append(l.replace('/', '_')).append(" ))\n");
        s.append("echo state $(cat /sys/kernel/sched_ext/state)\n");
        for (String l : leaves) s.append("kill -9 $(cat ").append(l).append("/cgroup.procs)\n");
        s.append("wait 2>/dev/null || true\n");
        List<String> groups = List.copyOf(weights.keySet());
        for (int i = groups.size() - 1; i >= 0; i--) s.append("rmdir ").append(groups.get(i)).append('\n');

        Result r = vm.run(Duration.ofSeconds(WINDOW_SECONDS + 120), "sh", "-c", s.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).as("busy loops run under sched_ext").contains("busy-under-ext");
        assertThat(r.stdout()).as("flatcg attached through the window; its output:\n%s", sched.outputSoFar())
                .contains("state enabled");
        Map<String, Long> usage = new LinkedHashMap<>();
        Matcher m = USAGE.matcher(r.stdout());
        while (m.find()) usage.put(m.group(1), Long.parseLong(m.group(2)));
        assertThat(usage.keySet()).as(r.stdout()).containsExactlyInAnyOrderElementsOf(leaves);
        assertThat(usage.values()).as("every leaf ran: %s", usage).allMatch(u -> u > 0);
        System.out.println("scx_flatcg CPU time (us) over " + WINDOW_SECONDS + " s, weights " + weights + ": " + usage);
        return usage;
    }

    /** Still attached, and its report shows cgroups being picked to run. */
    private void stillFlatcgAndPickingCgroups(Vm vm) {
        assertThat(ops(vm)).isEqualTo("flatcg");
        List<String> picks = awaitLines(running, "PNC\\s+next:\\s*\\d+.*", 3, Duration.ofSeconds(60));
        assertThat(picks).as("cgroups picked").anyMatch(l -> !l.matches("PNC\\s+next:\\s*0\\s.*"));
        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }
}
