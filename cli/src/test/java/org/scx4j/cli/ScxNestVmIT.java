package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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
 * scx_nest's idea in a real sched_ext kernel, read from its report (counters and the
 * sampled nests): a light periodic task keeps waking on one warm core of the primary nest
 * while the other CPU stays idle; two CPU-heavy tasks promote the reserve core into the
 * primary nest; once they stop, the core left unused is compacted out of it again. With
 * {@code -m 0} the reserve nest stays empty: cores leaving the primary nest leave both.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
class ScxNestVmIT {
    private static final Pattern COUNTER = Pattern.compile("([A-Z_]+)=(\\d+)");
    private static final Pattern NEST = Pattern.compile("(PRIMARY|RESERVED|OTHER|IDLE)\\s*\\(\\s*(\\d+)\\): \\|.*");
    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    /** One report: the counters by upstream name, and how many CPUs each sampled set held. */
    record Sample(Map<String, Long> counters, Map<String, Integer> nests) {
        long get(String counter) {
            return counters.getOrDefault(counter, 0L);
        }

        long since(Sample earlier, String... names) {
            long d = 0;
            for (String n : names) d += get(n) - earlier.get(n);
            return d;
        }

        int cpus(String nest) {
            return nests.get(nest);
        }
    }

    @Test
    void tasksArePackedOnWarmCoresTheReserveIsPromotedUnderLoadAndIdleCoresAreCompacted(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_nest"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("nest");
        // Let the scheduler's own JVM settle (start-up compilation keeps both CPUs busy) before measuring.
        awaitSamples(4);
        awaitSample(samples().size(), s -> s.cpus("PRIMARY") <= 1, Duration.ofSeconds(90));

        // Light: one task, busy 10 ms then asleep 90 ms.
        int lightFrom = samples().size();
        long[][] cpuBefore = cpuTimes(vm);
        stress(vm, "--cpu", "1", "--cpu-load", "10", "--cpu-load-slice", "10", "-t", "10");
        long[][] cpuAfter = cpuTimes(vm);
        List<Sample> light = phase(lightFrom);
        Sample l0 = light.get(0), l1 = light.get(light.size() - 1);
        long wakeups = l1.since(l0, "WAKEUP_ATTACHED", "WAKEUP_PREV_PRIMARY", "WAKEUP_FULLY_IDLE_PRIMARY",
                "WAKEUP_ANY_IDLE_PRIMARY", "WAKEUP_FULLY_IDLE_RESERVE", "WAKEUP_ANY_IDLE_RESERVE", "WAKEUP_IDLE_OTHER");
        long small = light.stream().filter(s -> s.cpus("PRIMARY") <= 1).count();
        double idlest = idlestShare(cpuBefore, cpuAfter);
        String what = ("light load: %d wake-ups to an idle core (attached %d, previous %d, primary %d, reserve %d, other %d);"
                + " samples with at most one primary core %d of %d %s; the idlest CPU idle %.0f%% of the time").formatted(
                wakeups, l1.since(l0, "WAKEUP_ATTACHED"), l1.since(l0, "WAKEUP_PREV_PRIMARY"),
                l1.since(l0, "WAKEUP_FULLY_IDLE_PRIMARY", "WAKEUP_ANY_IDLE_PRIMARY"),
                l1.since(l0, "WAKEUP_FULLY_IDLE_RESERVE", "WAKEUP_ANY_IDLE_RESERVE"), l1.since(l0, "WAKEUP_IDLE_OTHER"),
                small, light.size(), nests(light), idlest * 100);
        System.out.println("scx_nest " + what);
        assertThat(wakeups).as("tasks woke onto idle cores: " + what).isGreaterThan(100);
        assertThat(small * 2).as("the primary nest is at most one core most of the time: " + what).isGreaterThan(light.size());
        assertThat(idlest).as("the other CPU stays idle most of the time: " + what).isGreaterThan(0.75);

        // Heavy: two tasks busy 90% of the time (5 ms, then a short sleep) fill the primary core; the other is promoted.
        int heavyFrom = samples().size();
        stress(vm, "--cpu", "2", "--cpu-load", "90", "--cpu-load-slice", "5", "-t", "10");
        List<Sample> heavy = phase(heavyFrom);
        Sample h0 = heavy.get(0), h1 = heavy.get(heavy.size() - 1);
        long promoted = h1.since(h0, "PROMOTED_TO_PRIMARY");
        what = "heavy load: PROMOTED_TO_PRIMARY +%d PROMOTED_TO_RESERVED +%d TASK_IMPATIENT +%d; nests %s".formatted(
                promoted, h1.since(h0, "PROMOTED_TO_RESERVED"), h1.since(h0, "TASK_IMPATIENT"), nests(heavy));
        System.out.println("scx_nest " + what);
        assertThat(promoted).as("a core was promoted into the primary nest: " + what).isPositive();
        assertThat(heavy).as("both cores were primary at some point: " + what).anyMatch(s -> s.cpus("PRIMARY") == 2);

        // After: the load is gone; a core left unused (for -d, or whose task exited) leaves the primary nest.
        Sample both = heavy.stream().filter(s -> s.cpus("PRIMARY") == 2).reduce((a, b) -> b).orElseThrow();
        Sample after = awaitSample(samples().indexOf(both) + 1,
                s -> s.since(both, "CALLBACK_COMPACTED", "EAGERLY_COMPACTED") > 0 && s.cpus("PRIMARY") <= 1,
                Duration.ofSeconds(60));
        what = "after the load: CALLBACK_COMPACTED +%d EAGERLY_COMPACTED +%d DEMOTED_TO_RESERVED +%d; PRIMARY %d RESERVED %d"
                .formatted(after.since(both, "CALLBACK_COMPACTED"), after.since(both, "EAGERLY_COMPACTED"),
                        after.since(both, "DEMOTED_TO_RESERVED"), after.cpus("PRIMARY"), after.cpus("RESERVED"));
        System.out.println("scx_nest " + what);
        assertThat(after.since(both, "DEMOTED_TO_RESERVED")).as("compacted cores go to the reserve nest: " + what).isPositive();
        assertThat(after.cpus("RESERVED")).as(what).isPositive();

        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }

    @Test
    void withNoRoomInTheReserveNestCoresLeaveBothNests(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_nest", "-m", "0"));
        awaitEnabled(vm, running);
        int from = awaitSamples(2).size();
        stress(vm, "--cpu", "2", "--cpu-load", "90", "--cpu-load-slice", "5", "-t", "6");
        List<Sample> run = phase(from);
        Sample s0 = run.get(0), s1 = run.get(run.size() - 1);
        String what = "-m 0: RESERVED_AT_CAPACITY +%d PROMOTED_TO_RESERVED +%d DEMOTED_TO_RESERVED +%d WAKEUP_ANY_IDLE_RESERVE +%d"
                .formatted(s1.since(s0, "RESERVED_AT_CAPACITY"), s1.since(s0, "PROMOTED_TO_RESERVED"),
                        s1.since(s0, "DEMOTED_TO_RESERVED"), s1.since(s0, "WAKEUP_ANY_IDLE_RESERVE"))
                + "; nests " + nests(run);
        System.out.println("scx_nest " + what);
        assertThat(s1.since(s0, "RESERVED_AT_CAPACITY")).as("cores found the reserve nest full: " + what).isPositive();
        assertThat(s1.since(s0, "PROMOTED_TO_RESERVED", "DEMOTED_TO_RESERVED", "WAKEUP_ANY_IDLE_RESERVE")).as(what).isZero();
        assertThat(run).as(what).allMatch(s -> s.cpus("RESERVED") == 0);

        GuestScheduler.stopCleanly(vm, running);
    }

    private static void stress(Vm vm, String... args) {
        List<String> argv = new ArrayList<>(List.of("stress-ng", "-q"));
        argv.addAll(List.of(args));
        Result r = vm.run(Duration.ofMinutes(3), argv.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    }

    /** The reports printed so far, oldest first. */
    private List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        Map<String, Long> counters = new HashMap<>();
        Map<String, Integer> nests = new HashMap<>();
        for (String line : running.outputSoFar().lines().toList()) {
            Matcher c = COUNTER.matcher(line), n = NEST.matcher(line);
            if (c.matches()) counters.put(c.group(1), Long.parseLong(c.group(2)));
            else if (n.matches()) {
                nests.put(n.group(1), Integer.parseInt(n.group(2)));
                if (n.group(1).equals("IDLE")) {
                    all.add(new Sample(Map.copyOf(counters), Map.copyOf(nests)));
                    counters.clear();
                    nests.clear();
                }
            }
        }
        return all;
    }

    private List<Sample> awaitSamples(int count) {
        awaitSample(count - 1, s -> true, Duration.ofSeconds(60));
        return samples();
    }

    /** The reports of a phase that began when {@code from} had been printed: the last one before it to the next after it. */
    private List<Sample> phase(int from) {
        List<Sample> all = awaitSamples(samples().size() + 1);
        return all.subList(from - 1, all.size());
    }

    /** The first report from number {@code seen} on that satisfies {@code ok}, waiting up to {@code timeout}. */
    private Sample awaitSample(int seen, Predicate<Sample> ok, Duration timeout) {
        return Await.until(() -> samples().stream().skip(seen).filter(ok).findFirst(), Optional::isPresent, running::isDone,
                timeout, Duration.ofMillis(500), () -> "a report as wanted; output:\n" + running.outputSoFar()).get();
    }

    private static String nests(List<Sample> samples) {
        return samples.stream().map(s -> s.cpus("PRIMARY") + "/" + s.cpus("RESERVED")).toList() + " (primary/reserve)";
    }

    /** Per-CPU jiffies from the guest's /proc/stat: {busy, idle} for each CPU. */
    private static long[][] cpuTimes(Vm vm) {
        List<String> cpus = vm.run("grep", "^cpu[0-9]", "/proc/stat").stdout().lines().toList();
        long[][] t = new long[cpus.size()][2];
        for (int i = 0; i < t.length; i++) {
            String[] f = cpus.get(i).trim().split("\\s+");
            for (int j = 1; j < f.length; j++) t[i][j == 4 || j == 5 ? 1 : 0] += Long.parseLong(f[j]);
        }
        return t;
    }

    /** The largest share of time any CPU spent idle between the two readings. */
    private static double idlestShare(long[][] before, long[][] after) {
        double best = 0;
        for (int i = 0; i < before.length; i++) {
            long busy = after[i][0] - before[i][0], idle = after[i][1] - before[i][1];
            best = Math.max(best, busy + idle == 0 ? 0 : (double) idle / (busy + idle));
        }
        return best;
    }
}
