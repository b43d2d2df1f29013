package org.scx4j.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.scx4j.cli.Await;
import org.scx4j.cli.GuestScheduler;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;

/**
 * A scheduler started in the guest the way a user's script starts it: its installed-style
 * launcher {@code bin/scx_NAME} as a background job of a non-interactive shell, which
 * hands the job SIGINT already ignored. The shell waits for the job, so its exit status
 * is the scheduler's, and the job's pid is left in a file for {@code kill -INT}.
 */
final class BackgroundScheduler {
    private static final String PID_FILE = "/tmp/conformance-scheduler.pid";

    private final Vm vm;
    private final Spawned shell;
    private final long pid;
    final long startedNanos;

    private BackgroundScheduler(Vm vm, Spawned shell, long pid, long startedNanos) {
        this.vm = vm;
        this.shell = shell;
        this.pid = pid;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code launcher} (a path in the guest) with {@code options} in the background of a shell script. */
    static BackgroundScheduler start(Vm vm, Path launcher, List<String> options) {
        vm.run("rm", "-f", PID_FILE);
        StringBuilder cmd = new StringBuilder(launcher.toString());
        for (String o : options) cmd.append(" '").append(o.replace("'", "'\\''")).append('\'');
        long started = System.nanoTime();
        Spawned shell = vm.spawn("sh", "-c", cmd + " 2>&1 &\necho $! > " + PID_FILE + "\nwait $!");
        String pid = Await.until(() -> vm.run("sh", "-c", "cat " + PID_FILE + " 2>/dev/null || true").stdout().strip(),
                written -> !written.isEmpty(), shell::isDone, Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> "the script to start the scheduler; its output:\n" + shell.outputSoFar());
        return new BackgroundScheduler(vm, shell, Long.parseLong(pid), started);
    }

    long pid() {
        return pid;
    }

    String output() {
        return shell.outputSoFar();
    }

    boolean isDone() {
        return shell.isDone();
    }

    Result await(Duration timeout) {
        return shell.await(timeout);
    }

    /**
     * {@code kill -INT} from a shell in the guest, as a user would; returns the milliseconds
     * until the process was gone (measured in the guest), or -1 if it outlived 30 s.
     */
    long interruptAndTime() {
        Result r = vm.run(Duration.ofSeconds(60), "sh", "-c", "t0=$(date +%s%N); kill -INT " + pid
                + "; for i in $(seq 3000); do kill -0 " + pid + " 2>/dev/null || { echo $(( ($(date +%s%N) - t0) / 1000000 )); exit 0; };"
                + " sleep 0.01; done; echo -1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Long.parseLong(r.stdout().strip());
    }

    /** Kills a scheduler a failed step left behind, so the next scheduler finds sched_ext free. */
    void killLeftover() {
        if (shell.isDone()) return;
        vm.run("sh", "-c", "kill -CONT " + pid + "; kill -KILL " + pid + " 2>/dev/null; true");
        shell.await(Duration.ofSeconds(60));
        // Waits without failing: this runs in a finally, where a failure would hide the step's own.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!GuestScheduler.state(vm).equals("disabled") && System.nanoTime() < deadline) GuestScheduler.sleep(500);
    }
}
