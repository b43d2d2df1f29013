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
 * partial mode leaves ordinary tasks alone, a task whose slice ends with no other task
 * waiting runs on for its own slice, never for the kernel's default refill, and the
 * decision loop takes no CPU for tasks that were running already, and a policy that throws
 * takes the scheduler down with an error instead of leaving BPF to run on alone.
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
    void aSliceEndingWithNobodyWaitingIsRenewedByBpfNotRefilledByTheKernel(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo"));
        awaitEnabled(vm, running);
        int before = awaitLines(running, JavaSchedulerCounters.LINE, 1, Duration.ofSeconds(60)).size();
        long keptByKernel = event(vm, "SCX_EV_DISPATCH_KEEP_LAST");
        // A CPU hog per CPU and a thread waking every millisecond: a hog's slice often ends
        // while nothing else waits. Had the kernel kept the hog, it would have refilled its
        // slice with the 20 ms default (20x jfifo's) and the woken thread would wait it out.
        Result work = vm.run(Duration.ofMinutes(2), "sh", "-c",
                "stress-ng -c 2 -t 5 & cyclictest -q -p 0 --policy=other -t 1 -i 1000 -l 2000 && wait");
        assertThat(work.exitCode()).as(work.stderr()).isZero();
        assertThat(event(vm, "SCX_EV_DISPATCH_KEEP_LAST")).as("slices the kernel kept with its default refill")
                .isEqualTo(keptByKernel);
        List<String> lines = JavaSchedulerCounters.around(running, before);
        JavaSchedulerCounters grew = JavaSchedulerCounters.growth(lines);
        assertThat(grew.kept()).as("slices BPF renewed for tasks alone at their slice end: %s", lines).isPositive();
        assertThat(grew.java()).as("Java still decided the rest: %s", lines).isPositive();
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    @Order(3)
    void theDecisionLoopWaitsForASwitchWhenOnlyTasksThatRanWaitForJava(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo"));
        awaitEnabled(vm, running);
        int before = awaitLines(running, JavaSchedulerCounters.LINE, 1, Duration.ofSeconds(60)).size();
        // Two CPU hogs on two CPUs: what reaches Java is mostly hogs whose slice ended. Taking
        // a CPU from the other hog to decide them would only send that hog to Java too.
        Result work = vm.run(Duration.ofMinutes(2), "stress-ng", "-c", "2", "-t", "4");
        assertThat(work.exitCode()).as(work.stderr()).isZero();
        List<String> lines = JavaSchedulerCounters.around(running, before);
        JavaSchedulerCounters grew = JavaSchedulerCounters.growth(lines);
        System.out.printf("two hogs for 4 s: queued %d, decision loop deferred %d times%n", grew.queued(), grew.deferred());
        assertThat(grew.deferred()).as("decision loop wake-ups that waited for a switch: %s", lines).isPositive();
        assertThat(grew.java()).as("Java still decided them: %s", lines).isGreaterThanOrEqualTo(grew.deferred());
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    @Order(4)
    void partialModeOnlyTakesSchedExtTasks(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo", "--partial"));
        awaitEnabled(vm, running);
        assertThat(vm.run("cat", "/proc/self/sched").stdout()).containsPattern("ext\\.enabled\\s*:\\s*0");
        GuestScheduler.stopCleanly(vm, running);
    }

    @Test
    @Order(5)
    void aPolicyThatThrowsDetachesTheSchedulerWithAnError(Vm vm) {
        running = vm.spawn(scx4j("run", "scx_jfifo", "--fail-after", "100"));
        // The guest's own tasks may bring the 100 decisions before sched_ext is seen enabled.
        Await.until(() -> running.isDone() || running.outputSoFar().contains("attached as"), Boolean::booleanValue,
                GuestScheduler.START, Duration.ofMillis(500), () -> "scx_jfifo attached; output:\n" + running.outputSoFar());
        // Hogs, so that decisions come (two hogs for 5 s gave Java 650 under single-threaded
        // emulation); it fails within the first round, or the test fails at the await below.
        for (int round = 0; round < 3 && !running.isDone(); round++)
            vm.run(Duration.ofMinutes(2), "sh", "-c", "stress-ng -c 2 -t 5 || true");
        Result r = running.await(GuestScheduler.STOP);
        assertThat(r.stdout()).contains("attached as 'jfifo'")
                .contains("scx_jfifo: its Java side failed, so it detached:")
                .contains("IllegalStateException: failing after 100 decisions")
                .contains("at org.scx4j.userspace.DecisionThread")
                .contains("EXIT: ");
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
        assertThat(GuestScheduler.state(vm)).isEqualTo("disabled");
    }

    /** A sched_ext event counter of the running scheduler. */
    private static long event(Vm vm, String name) {
        String events = vm.run("cat", "/sys/kernel/sched_ext/root/events").stdout();
        return events.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).strip()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in:\n" + events));
    }
}
