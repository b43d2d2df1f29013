package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.ArrayList;
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
 * scx_rusty's Java load balancer on a guest with two packages (two LLCs, so two domains of two
 * CPUs): four CPU hogs start confined to the first package's CPUs, so all four belong to
 * domain 0, then are allowed everywhere. The balancer must move load until both domains carry
 * about half (from its per-domain stats, {@code --stats 1}); with {@code --no-load-balance}
 * domain 0 keeps them.
 */
@ExtendWith(VmExtension.class)
@VmConfig(topology = "sockets=2,cores=2", memoryMiB = 2048)
class ScxRustyVmIT {
    private static final Pattern DOM = Pattern.compile("dom(\\d) load=([-0-9.]+)");
    private static final Pattern COUNTER = Pattern.compile("(?<![a-z_])(nr_migrations|load_balance)=(\\d+)");
    private static final Pattern INTO_DOM1 = Pattern.compile("dom1 [^\\n]*migrations=(\\d+)");
    /** Balancing rounds (-i 2) the hogs run for. */
    private static final int ROUNDS = 8;
    private Spawned running;

    @AfterEach
    void stopLeftover(Vm vm) {
        vm.run(Duration.ofSeconds(30), "sh", "-c", "[ -f /tmp/hogs ] && kill $(cat /tmp/hogs); rm -f /tmp/hogs; true");
        GuestScheduler.stopLeftover(running);
    }

    @Test
    void theBalancerSpreadsHogsStartedInOneDomainOverBoth(Vm vm) {
        List<double[]> loads = hogsUnder(vm, "--stats", "1");
        double[] last = lastFive(loads);
        String what = "per-domain loads, one report a second: " + format(loads) + "; " + counters();
        System.out.println("scx_rusty balanced: " + what);
        assertThat(last[0] + last[1]).as("four hogs weigh about 400: " + what).isBetween(250.0, 500.0);
        assertThat(Math.abs(last[0] - last[1])).as("both domains carry about half: " + what)
                .isLessThan(0.3 * (last[0] + last[1]));
        assertThat(sum("nr_migrations")).as("the balancer moved tasks: " + what).isPositive();
        assertThat(sum("load_balance")).as("BPF applied the moves: " + what).isPositive();
        long intoDom1 = 0;
        Matcher m = INTO_DOM1.matcher(running.outputSoFar());
        while (m.find()) intoDom1 += Long.parseLong(m.group(1));
        assertThat(intoDom1).as("the moves went into domain 1 (its migrations counter): " + what).isPositive();
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    void withoutBalancingTheImbalanceStays(Vm vm) {
        List<double[]> loads = hogsUnder(vm, "--no-load-balance", "--stats", "1");
        double[] last = lastFive(loads);
        String what = "per-domain loads, one report a second: " + format(loads) + "; " + counters();
        System.out.println("scx_rusty --no-load-balance: " + what);
        assertThat(last[0]).as("domain 0 keeps the four hogs: " + what).isGreaterThan(250.0);
        // Domain 1 has only the guest's other tasks (the scheduler's own JVM among them).
        assertThat(last[0] - last[1]).as("domain 1 gets none of them: " + what).isGreaterThan(120.0);
        assertThat(sum("nr_migrations")).as("nothing moved: " + what).isZero();
        GuestScheduler.stopCleanly(vm, running);
    }

    /** Starts scx_rusty with options, then the hogs; returns the {dom0, dom1} loads of every report while they ran. */
    private List<double[]> hogsUnder(Vm vm, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "scx_rusty"));
        args.addAll(List.of(options));
        running = vm.spawn(scx4j(args.toArray(String[]::new)));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("rusty");
        awaitLines(running, ".*dom1 load=.*", 2, Duration.ofSeconds(60));
        int before = domLoads().size();
        // Confined to package 0's CPUs when they start (so to domain 0), then allowed all four.
        Result r = vm.run(Duration.ofMinutes(1), "sh", "-c", """
                P=""; for i in 1 2 3 4; do taskset -c 0-1 sh -c 'while :; do :; done' >/dev/null 2>&1 & P="$P $!"; done
                echo $P > /tmp/hogs
                sleep 0.3
                for p in $P; do taskset -pc 0-3 $p >/dev/null; done
                """);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        awaitLines(running, ".*dom1 load=.*", before + 2 * ROUNDS + 2, Duration.ofSeconds(4 * ROUNDS + 60));
        vm.run(Duration.ofSeconds(30), "sh", "-c", "kill $(cat /tmp/hogs); rm -f /tmp/hogs");
        List<double[]> loads = domLoads();
        return loads.subList(before, loads.size());
    }

    /** The mean {dom0, dom1} load of the last five reports: one report wobbles with the guest's other tasks. */
    private static double[] lastFive(List<double[]> loads) {
        List<double[]> tail = loads.subList(Math.max(0, loads.size() - 5), loads.size());
        double[] mean = new double[2];
        for (double[] l : tail) for (int d = 0; d < 2; d++) mean[d] += l[d] / tail.size();
        return mean;
    }

    private List<double[]> domLoads() {
        List<double[]> loads = new ArrayList<>();
        Matcher m = DOM.matcher(running.outputSoFar());
        double dom0 = 0;
        while (m.find()) {
            double load = Double.parseDouble(m.group(2));
            if (m.group(1).equals("0")) dom0 = load;
            else loads.add(new double[] {dom0, load});
        }
        return loads;
    }

    private long sum(String counter) {
        long total = 0;
        Matcher m = COUNTER.matcher(running.outputSoFar());
        while (m.find()) if (m.group(1).equals(counter)) total += Long.parseLong(m.group(2));
        return total;
    }

    private String counters() {
        return "nr_migrations " + sum("nr_migrations") + ", load_balance " + sum("load_balance");
    }

    private static String format(List<double[]> loads) {
        StringBuilder s = new StringBuilder();
        for (double[] l : loads) s.append(String.format(" %.0f/%.0f", l[0], l[1]));
        return s.toString().strip();
    }
}
