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

    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @Order(1)
    void twoBusyCgroupsShareTheCpusByWeight(Vm vm) {
        start(vm);
        Map<String, Long> usage = CgroupCpuTime.measure(vm, running, Map.of("fcg_lo", 100, "fcg_hi", 300), List.of("fcg_lo", "fcg_hi"), WINDOW_SECONDS);
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
        Map<String, Long> usage = CgroupCpuTime.measure(vm, running, weights, List.of("fcg_a/b", "fcg_a/c", "fcg_d"), WINDOW_SECONDS);
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

    /** Still attached, and its report shows cgroups being picked to run. */
    private void stillFlatcgAndPickingCgroups(Vm vm) {
        assertThat(ops(vm)).isEqualTo("flatcg");
        List<String> picks = awaitLines(running, "PNC\\s+next:\\s*\\d+.*", 3, Duration.ofSeconds(60));
        assertThat(picks).as("cgroups picked").anyMatch(l -> !l.matches("PNC\\s+next:\\s*0\\s.*"));
        Result r = GuestScheduler.stopCleanly(vm, running);
        assertThat(r.stdout()).contains("EXIT: ");
    }
}
