package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.awaitLines;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.scx4j;

import java.time.Duration;
import java.util.List;
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
 * What is specific to scx_jfifo in a real sched_ext kernel (one VM boot for the class;
 * the conformance suite covers the rest): Java's FIFO decisions schedule the machine,
 * and partial mode leaves ordinary tasks alone.
 */
@ExtendWith(VmExtension.class)
@VmConfig(cpus = 2, memoryMiB = 2048)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JfifoVmIT {
    private Spawned running;

    @AfterEach
    void stopLeftover() {
        GuestScheduler.stopLeftover(running);
    }

    @Test
    @Order(1)
    void javaDecidesAndItStopsCleanly(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo"));
        awaitEnabled(vm, running);
        assertThat(ops(vm)).isEqualTo("jfifo");
        assertThat(vm.run("cat", "/proc/self/sched").stdout()).containsPattern("ext\\.enabled\\s*:\\s*1");
        Result work = vm.run(Duration.ofMinutes(2), "stress-ng", "-c", "2", "-t", "5");
        assertThat(work.exitCode()).as(work.stderr()).isZero();
        List<String> lines = awaitLines(running, JavaSchedulerCounters.LINE, 3, Duration.ofSeconds(60));
        assertThat(JavaSchedulerCounters.parse(lines.getLast()).java()).as(lines.getLast()).isPositive();
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    @Order(2)
    void partialModeOnlyTakesSchedExtTasks(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo", "--partial"));
        awaitEnabled(vm, running);
        assertThat(vm.run("cat", "/proc/self/sched").stdout()).containsPattern("ext\\.enabled\\s*:\\s*0");
        GuestScheduler.stopCleanly(vm, running);
    }
}
