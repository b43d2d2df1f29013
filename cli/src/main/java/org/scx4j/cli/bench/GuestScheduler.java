package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.scx4j.vm.CommandTimeoutException;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;

/**
 * A scheduler running in the background of the guest for the length of one
 * run: started with the same {@code scx4j run NAME} a user types (or the
 * external command it stands for), confirmed loaded through sysfs, timed
 * from exec to loaded, and stopped with SIGINT (Ctrl-C) as a user would.
 * When it fails to load or exits early, its last meaningful output line (the
 * {@code EXIT: ...} line) becomes the reason the run failed.
 */
final class GuestScheduler {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DISABLE_TIMEOUT = Duration.ofSeconds(30);
    /** The file (plus the pid) where a starting scheduler's exec time waits for the loop that times its start. */
    private static final String STAMP = "/tmp/scx4j-bench-exec.";
    /**
     * Runs the command ("$@") in place of this bash once sched_ext is seen
     * disabled, in a cgroup of its own ({@link Footprint#CGROUP}), after noting
     * the guest's clock (microseconds) in the stamp file. A scheduler left
     * enabled by an earlier run is refused here, so it is never taken for the
     * one starting (an external command's ops name can be anything).
     */
    private static final String EXEC_STAMPED = """
            read -r st < /sys/kernel/sched_ext/state
            [ "$st" = disabled ] || { echo "error: sched_ext was $st before this scheduler started" >&2; exit 125; }
            mkdir -p %2$s$$ && echo $$ > %2$s$$/cgroup.procs \
              || { echo "error: cannot give the scheduler its own cgroup %2$s$$" >&2; exit 125; }
            echo "${EPOCHREALTIME/[.,]/}" > %1$s$$
            exec "$@"
            """.formatted(STAMP, Footprint.CGROUP);

    private final Vm vm;
    private final String name;
    private final Spawned process;

    private GuestScheduler(Vm vm, String name, Spawned process) {
        this.vm = vm;
        this.name = name;
        this.process = process;
    }

    /** The outcome of starting: running (with its ops name and how long it took to load), or why not. */
    sealed interface Start {
        record Running(GuestScheduler scheduler, String ops, double startSeconds) implements Start {}

        record Failed(String reason) implements Start {}
    }

    /**
     * Spawns {@code command} and waits until sched_ext is enabled with an ops
     * name {@code ownOps} accepts. The command runs through bash, which checks
     * sched_ext is disabled, notes the guest's clock in a stamp file and execs
     * it, so the scheduler keeps the pid signals go to; a guest-side loop
     * (10 ms naps) notes when sched_ext became enabled after the stamp: the
     * start time is the guest's, not the host's polling.
     */
    static Start start(Vm vm, String name, List<String> command, Predicate<String> ownOps) {
        List<String> stamped = new ArrayList<>(List.of("bash", "-c", EXEC_STAMPED, "scx4j-bench-scheduler"));
        stamped.addAll(command);
        Spawned process = vm.spawn(stamped.toArray(String[]::new));
        Result wait = vm.run(LOAD_TIMEOUT.plusSeconds(30), "bash", "-c", """
                s=/sys/kernel/sched_ext; pid=%d; stamp=%s$pid; deadline=$((SECONDS + %d))
                # 10 ms naps without starting a process: a read that times out on a FIFO nobody writes.
                nap=$(mktemp -u); mkfifo "$nap"; exec 3<>"$nap"; rm -f "$nap"
                while [ $SECONDS -lt $deadline ]; do
                  read -r st < $s/state
                  # Only after the stamp: before it, an enabled state is not this scheduler's.
                  if [ "$st" = enabled ] && [ -r $s/root/ops ] && read -r began 2>/dev/null < "$stamp"; then
                    now=${EPOCHREALTIME/[.,]/}
                    read -r ops < $s/root/ops; rm -f "$stamp"
                    echo "enabled $began $now $ops"; exit 0
                  fi
                  kill -0 $pid 2>/dev/null || { rm -f "$stamp"; echo "exited"; exit 3; }
                  read -r -t 0.01 -u 3 _
                done
                rm -f "$stamp"; echo "timeout $st"; exit 4
                """.formatted(process.pid(), STAMP, LOAD_TIMEOUT.toSeconds()));
        GuestScheduler scheduler = new GuestScheduler(vm, name, process);
        String line = wait.stdout().strip();
        if (wait.exitCode() == 0) {
            Enabled enabled = Enabled.parse(line);
            if (ownOps.test(enabled.ops())) {
                return new Start.Running(scheduler, enabled.ops(), enabled.startSeconds());
            }
            scheduler.stop();
            return new Start.Failed("another scheduler (" + enabled.ops() + ") was loaded instead of " + name);
        }
        if (wait.exitCode() == 3) {
            Result exited = scheduler.awaitExit();
            scheduler.waitDisabled(); // removes its cgroup, as after a stop
            return new Start.Failed("failed to load: " + exitLine(exited));
        }
        Stopped stopped = scheduler.stop();
        return new Start.Failed("not loaded after " + LOAD_TIMEOUT.toSeconds() + " s (" + line + "): " + stopped.reason());
    }

    /**
     * The wait loop's success line, {@code enabled BEGAN NOW OPS} (guest clock
     * in microseconds).
     *
     * @param startSeconds seconds from the scheduler's exec to sched_ext enabled; NaN when not known
     * @param ops          the loaded scheduler's ops name
     */
    record Enabled(double startSeconds, String ops) {

        static Enabled parse(String line) {
            String[] parts = line.strip().split("\\s+", 4);
            String ops = parts.length > 3 ? parts[3] : "-";
            double seconds = Double.NaN;
            try {
                seconds = (Long.parseLong(parts[2]) - Long.parseLong(parts[1])) / 1e6;
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // A line cut short: the scheduler runs, only its start is not timed.
            }
            return new Enabled(seconds >= 0 ? seconds : Double.NaN, ops);
        }
    }

    /**
     * Stops the scheduler with SIGINT and waits for it and for sched_ext to be
     * disabled again, so the next run starts from the kernel's default.
     */
    Stopped stop() {
        try {
            process.signal("INT");
        } catch (VmException e) {
            // Already gone: await below collects its output.
        }
        Result result = awaitExit();
        return new Stopped(result, waitDisabled());
    }

    /**
     * How a stopped scheduler ended.
     *
     * @param result     its exit status and output
     * @param stateAfter the sched_ext state once it had exited: {@code disabled} unless it left a scheduler behind
     */
    record Stopped(Result result, String stateAfter) {

        /** Ended the way Ctrl-C should end it: status 0 (or 130 for SIGINT), sched_ext disabled. */
        boolean clean() {
            return (result.exitCode() == 0 || result.exitCode() == 130) && stateAfter.equals("disabled");
        }

        /** How it ended, in one line: its exit line, after what it left behind if anything. */
        String reason() {
            String exit = exitLine(result);
            return stateAfter.equals("disabled") ? exit
                    : "sched_ext still %s %d s after it exited; %s".formatted(stateAfter, DISABLE_TIMEOUT.toSeconds(), exit);
        }
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

    /**
     * Removes the exited scheduler's cgroup and waits until sched_ext is disabled; the
     * state it is left in (disabled, or what it still was).
     */
    private String waitDisabled() {
        Result r = vm.run(DISABLE_TIMEOUT.plusSeconds(30), "bash", "-c", """
                rmdir %s%d 2>/dev/null
                for i in $(seq 1 %d); do read -r st < /sys/kernel/sched_ext/state; [ "$st" = disabled ] && break; sleep 0.1; done
                echo "$st"
                """.formatted(Footprint.CGROUP, process.pid(), DISABLE_TIMEOUT.toSeconds() * 10));
        String state = r.stdout().strip();
        return state.isEmpty() ? "unknown" : state;
    }

    String name() {
        return name;
    }

    /** The scheduler's pid in the guest, for reading its footprint from /proc. */
    long pid() {
        return process.pid();
    }

    /**
     * The line that best explains how a scheduler ended: the JVM's fatal error when
     * it crashed, else its {@code EXIT:} line when it printed one, else its last
     * error-looking line, else its last line, else the exit status.
     */
    static String exitLine(Result result) {
        String all = result.stdout() + "\n" + result.stderr();
        List<String> lines = all.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String crash = jvmCrash(lines, result.exitCode());
        if (crash != null) {
            return crash;
        }
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

    /**
     * The JVM's fatal-error banner in one line, {@code the JVM crashed: SIGSEGV (0xb) at
     * pc=...; frame: J 123 c2 ...}, or null when it did not crash. Its last lines (the
     * report file, a disassembler warning) say less than its signal and frame.
     */
    private static String jvmCrash(List<String> lines, int exitCode) {
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).contains("A fatal error has been detected by the Java Runtime Environment")) at = i;
        }
        if (at < 0) {
            return null;
        }
        String signal = null;
        String frame = null;
        for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            String text = lines.get(i).substring(1).strip();
            if (signal == null && !text.isEmpty()) signal = text;
            if (text.equals("Problematic frame:") && i + 1 < lines.size()) frame = lines.get(i + 1).substring(1).strip();
        }
        return "the JVM crashed: " + (signal == null ? "?" : signal) + (frame == null ? "" : "; frame: " + frame)
                + " (exit status " + exitCode + ")";
    }
}
