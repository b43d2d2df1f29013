package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scx4j.cli.GuestScheduler.awaitEnabled;
import static org.scx4j.cli.GuestScheduler.ops;
import static org.scx4j.cli.GuestScheduler.state;

import java.time.Duration;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;

/**
 * Test helper: the upstream scheduler collection's criterion, shared by every
 * scheduler's VM test: 45 s with 31 s of aggressive stress-ng, still attached
 * afterwards, exit 0 on SIGINT, sched_ext disabled after.
 */
final class UpstreamStress {
    private UpstreamStress() {}

    /** Runs the criterion on {@code running}; returns the stopped scheduler's output. */
    static Result survives45s(Vm vm, Spawned running, String opsName) {
        awaitEnabled(vm, running);
        long start = System.nanoTime();
        Result stress = vm.run(Duration.ofMinutes(4), "stress-ng", "-t", "31", "--aggressive", "-M", "-c", "2", "-f", "2",
                "--affinity", "1", "--affinity-delay", "1", "--affinity-pin");
        assertThat(stress.exitCode()).as(stress.stdout() + stress.stderr()).isZero();
        long left = 45_000 - (System.nanoTime() - start) / 1_000_000;
        if (left > 0) GuestScheduler.sleep(left);
        assertThat(running.isDone()).as("still running after 45 s; output:\n%s", running.outputSoFar()).isFalse();
        assertThat(state(vm)).isEqualTo("enabled");
        assertThat(ops(vm)).isEqualTo(opsName);
        Result r = GuestScheduler.stopCleanly(vm, running);
        System.out.printf("%s stress: %.0f s%n", opsName, (System.nanoTime() - start) / 1e9);
        return r;
    }
}
