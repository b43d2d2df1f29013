package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.List;
import org.scx4j.vm.CommandTimeoutException;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;

/**
 * A scheduler running in the background of the guest for the length of one
 * run: started with the same {@code scx4j run NAME} a user types, confirmed
 * loaded through sysfs, and stopped with SIGINT (Ctrl-C) as a user would.
 * When it fails to load or exits early, its last meaningful output line (the
 * {@code EXIT: ...} line) becomes the reason the run failed.
 */
final class GuestScheduler {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    private final Vm vm;
    private final String name;
    private final Spawned process;

    private GuestScheduler(Vm vm, String name, Spawned process) {
        this.vm = vm;
        this.name = name;
        this.process = process;
    }

    /** The outcome of starting: running, or why not. */
    sealed interface Start {
        record Running(GuestScheduler scheduler, String ops) implements Start {}

        record Failed(String reason) implements Start {}
    }

    /** Spawns {@code command} and waits until sched_ext is enabled with this scheduler's ops. */
    static Start start(Vm vm, String name, List<String> command) {
        Spawned process = vm.spawn(command.toArray(String[]::new));
        Result wait = vm.run(LOAD_TIMEOUT.plusSeconds(30), "bash", "-c", """
                s=/sys/kernel/sched_ext; deadline=$((SECONDS + %d))
                while [ $SECONDS -lt $deadline ]; do
                  read -r st < $s/state
                  if [ "$st" = enabled ] && [ -r $s/root/ops ]; then read -r ops < $s/root/ops; echo "enabled $ops"; exit 0; fi
                  kill -0 %d 2>/dev/null || { echo "exited"; exit 3; }
                  sleep 0.1
                done
                echo "timeout $st"; exit 4
                """.formatted(LOAD_TIMEOUT.toSeconds(), process.pid()));
        GuestScheduler scheduler = new GuestScheduler(vm, name, process);
        String line = wait.stdout().strip();
        if (wait.exitCode() == 0) {
            String ops = line.substring("enabled ".length()).strip();
            if (OpsSample.opsBelongsTo(ops, name)) {
                return new Start.Running(scheduler, ops);
            }
            scheduler.stop();
            return new Start.Failed("another scheduler (" + ops + ") was loaded instead of " + name);
        }
        if (wait.exitCode() == 3) {
            return new Start.Failed("failed to load: " + exitLine(scheduler.awaitExit()));
        }
        Result stopped = scheduler.stop();
        return new Start.Failed("not loaded after " + LOAD_TIMEOUT.toSeconds() + " s (" + line + "): " + exitLine(stopped));
    }

    /**
     * Stops the scheduler with SIGINT and waits for it and for sched_ext to be
     * disabled again, so the next run starts from the kernel's default.
     *
     * @return the scheduler's exit status and output
     */
    Result stop() {
        try {
            process.signal("INT");
        } catch (VmException e) {
            // Already gone: await below collects its output.
        }
        Result result = awaitExit();
        waitDisabled();
        return result;
    }

    /** Whether a scheduler ended the way Ctrl-C should end it (status 0, or 130 for SIGINT). */
    static boolean stoppedCleanly(Result result) {
        return result.exitCode() == 0 || result.exitCode() == 130;
    }

    /** The output of a scheduler that has already exited (or is about to); killed when it hangs. */
    Result awaitExit() {
        try {
            return process.await(STOP_TIMEOUT);
        } catch (CommandTimeoutException e) {
            // The VM killed it; keep what it printed so the reason names its last words.
            Result partial = e.partial();
            return new Result(partial.exitCode(), partial.stdout(),
                    partial.stderr() + "\ndid not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGINT; killed");
        }
    }

    private void waitDisabled() {
        vm.run(Duration.ofSeconds(60), "bash", "-c", """
                for i in $(seq 1 300); do read -r st < /sys/kernel/sched_ext/state; [ "$st" = disabled ] && exit 0; sleep 0.1; done
                exit 1
                """);
    }

    String name() {
        return name;
    }

    /**
     * The line that best explains how a scheduler ended: its {@code EXIT:} line
     * when it printed one, else its last error-looking line, else its last line,
     * else the exit status.
     */
    static String exitLine(Result result) {
        String all = result.stdout() + "\n" + result.stderr();
        List<String> lines = all.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("EXIT")) {
                return lines.get(i);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String lower = lines.get(i).toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("error") || lower.contains("fail")) {
                return lines.get(i);
            }
        }
        return lines.isEmpty() ? "exit status " + result.exitCode() : lines.getLast() + " (exit status " + result.exitCode() + ")";
    }
}
