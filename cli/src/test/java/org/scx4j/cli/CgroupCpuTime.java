package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;

/**
 * CPU time that busy cgroups get in the guest, for the schedulers that weigh cgroups. Each
 * leaf cgroup runs as many busy loops as the guest has CPUs, so any of them alone could take
 * the whole machine.
 */
final class CgroupCpuTime {
    private static final Pattern USAGE = Pattern.compile("^usage (\\S+) (\\d+)$", Pattern.MULTILINE);

    private CgroupCpuTime() {}

    /**
     * Creates the cgroups (parents first, cpu controller on for their children) with their
     * weights, starts the busy loops in each leaf, lets them settle, then returns each leaf's
     * CPU time over window seconds (cgroup cpu.stat usage_usec), in microseconds. The loops must
     * run under sched_ext and sched must stay attached throughout.
     */
    static Map<String, Long> measure(Vm vm, Spawned sched, Map<String, Integer> weights, List<String> leaves, int window) {
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
        for (String l : leaves) s.append("u0_").append(var(l)).append("=$(awk '/usage_usec/{print $2}' ").append(l).append("/cpu.stat)\n");
        s.append("sleep ").append(window).append('\n');
        for (String l : leaves) s.append("echo usage ").append(l).append(" $(( $(awk '/usage_usec/{print $2}' ").append(l)
                .append("/cpu.stat) - $u0_").append(var(l)).append(" ))\n");
        s.append("echo state $(cat /sys/kernel/sched_ext/state)\n");
        for (String l : leaves) s.append("kill -9 $(cat ").append(l).append("/cgroup.procs)\n");
        s.append("wait 2>/dev/null || true\n");
        List<String> groups = List.copyOf(weights.keySet());
        for (int i = groups.size() - 1; i >= 0; i--) s.append("rmdir ").append(groups.get(i)).append('\n');

        Result r = vm.run(Duration.ofSeconds(window + 120), "sh", "-c", s.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).as("busy loops run under sched_ext").contains("busy-under-ext");
        assertThat(r.stdout()).as("the scheduler attached through the window; its output:\n%s", sched.outputSoFar())
                .contains("state enabled");
        Map<String, Long> usage = new LinkedHashMap<>();
        Matcher m = USAGE.matcher(r.stdout());
        while (m.find()) usage.put(m.group(1), Long.parseLong(m.group(2)));
        assertThat(usage.keySet()).as(r.stdout()).containsExactlyInAnyOrderElementsOf(leaves);
        assertThat(usage.values()).as("every leaf ran: %s", usage).allMatch(u -> u > 0);
        System.out.println("CPU time (us) over " + window + " s, weights " + weights + ": " + usage);
        return usage;
    }

    private static String var(String cgroup) {
        return cgroup.replace('/', '_');
    }
}
