package org.scx4j.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.scx4j.bpf.BpfException;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.Link;
import org.scx4j.bpf.LibbpfLog;
import org.scx4j.bpf.StructView;
import org.scx4j.core.stats.StatsSetup;
import org.scx4j.core.sysfs.SchedExtSysfs;

/**
 * Runs one BPF scheduler from start to exit: pre-flight checks, kernel probing, then
 * open, fill {@code .rodata}, set {@code hotplug_seq}/{@code timeout_ms}, load, attach,
 * and a monitoring loop that reports (once a second unless the scheduler says otherwise) and watches for the kernel ending
 * the scheduler. On exit it prints {@code EXIT: <reason> (<message>)} and the kernel's
 * dump; a hotplug restart code reloads the scheduler; SIGINT/SIGTERM detach and return 0;
 * errors return non-zero, a failure of the scheduler's own Java work among them (it is
 * detached within a wake-up). One loop, no threads of its own.
 *
 * <p>With {@value #LOAD_ONLY} set in the environment it stops before attaching: the kernel
 * has verified the programs, nothing was scheduled. {@code scx4j install} starts each kind
 * of scheduler this way to train the JVM's ahead-of-time cache.
 */
public final class SchedulerRuntime {
    /**
     * How often the loop wakes (at each report) to look for an exit the kernel recorded, as
     * upstream's loaders do; a stop request wakes it at once. A wake-up costs CPU a C
     * scheduler does not spend (this loop is too rare to be compiled), so it is not shorter.
     */
    private static final Duration POLL = Duration.ofSeconds(1);

    /** The environment variable that makes a start stop once the BPF object is loaded. */
    public static final String LOAD_ONLY = "SCX4J_LOAD_ONLY";

    private final BpfScheduler scheduler;
    private final PrintStream out;
    private final PrintStream err;
    private final Preflight preflight;
    private final SchedExtSysfs sysfs;
    private boolean first = true;

    /** How one attachment ended. */
    sealed interface Outcome {
        /** The user asked to stop (a signal); {@code exit} is what the kernel recorded on detach. */
        record Stopped(String signal, Optional<ExitInfo> exit) implements Outcome {}

        /** The kernel ended the scheduler. */
        record Ended(ExitInfo exit) implements Outcome {}

        /** Loaded and verified, not attached ({@value #LOAD_ONLY}). */
        record Loaded() implements Outcome {}

        /** The scheduler's own Java work failed, so it was detached; {@code exit} is what the kernel recorded. */
        record Failed(Throwable cause, Optional<ExitInfo> exit) implements Outcome {}
    }

    public SchedulerRuntime(BpfScheduler scheduler, PrintStream out, PrintStream err, Preflight preflight,
            SchedExtSysfs sysfs) {
        this.scheduler = scheduler;
        this.out = out;
        this.err = err;
        this.preflight = preflight;
        this.sysfs = sysfs;
    }

    /** Whether this process was started with {@value #LOAD_ONLY} (to stop once loaded). */
    public static boolean loadOnly() {
        return System.getenv(LOAD_ONLY) != null;
    }

    /**
     * Catches SIGINT and SIGTERM from now on, also when inherited as ignored, so a stop asked
     * for while the scheduler is still starting is not lost: the run then ends before attaching.
     */
    public static void catchStopSignals() {
        StopSignal.installEarly();
    }

    /** Undoes {@link #catchStopSignals}, for a command that turns out not to run a scheduler (a monitor). */
    public static void releaseStopSignals() {
        StopSignal.releaseEarly();
    }

    /** Runs {@code scheduler} on this machine with the standard streams; returns the process exit code. */
    public static int run(BpfScheduler scheduler) {
        return run(scheduler, false);
    }

    /** Runs {@code scheduler}, its command line parsed, with libbpf's debug lines when {@code verbose} ({@code -v}). */
    public static int run(BpfScheduler scheduler, boolean verbose) {
        if (!verbose) LibbpfLog.quietUntilFailure();
        LibbpfLog.setVerbose(verbose); // with -v this sets up java.util.logging
        StartupClock.mark("command line parsed");
        return new SchedulerRuntime(scheduler, System.out, System.err, Preflight.live(), SchedExtSysfs.live()).run();
    }

    /** Runs until stopped or ended; returns 0 for a clean stop, non-zero for errors. */
    public int run() {
        String name = scheduler.name();
        try {
            // What needs no libbpf first: its first use waits for its linking if that is still under way.
            byte[] elf = scheduler.objectBytes();
            StartupClock.mark("BPF object read");
            KernelCompatCache cache = KernelCompatCache.live();
            Optional<KernelCompat> kept = cache.read();
            if (kept.isPresent()) StartupClock.mark("kernel values read from " + cache.dir());
            String libbpf = preflight.check(name, scheduler.minimumKernel(), !loadOnly());
            StartupClock.mark("preflight checks (libbpf " + libbpf + ")");
            KernelCompat kernel = kept.isPresent() ? kept.get() : KernelCompat.probeAndKeep(cache);
            if (kept.isEmpty()) StartupClock.mark("kernel BTF probed");
            try (StopSignal stop = StopSignal.install()) {
                while (true) {
                    Outcome outcome;
                    try {
                        outcome = attachAndMonitor(kernel, elf, libbpf, stop);
                    } catch (BpfException e) {
                        // libbpf's log was off (no -v): start again with it, so the error says why.
                        if (!first || !LibbpfLog.startLogging()) throw e;
                        outcome = attachAndMonitor(kernel, elf, libbpf, stop);
                    }
                    switch (outcome) {
                        case Outcome.Stopped s when s.exit().isEmpty() && first -> {
                            err.println(name + ": " + s.signal() + " while starting; not attached");
                            return 0;
                        }
                        case Outcome.Loaded l -> {
                            // Joined, not formatted: this start trains the start-up caches, and
                            // java.util.Formatter's locale classes would join them.
                            err.println(name + ": loaded and verified in " + StartupClock.millis() + " ms; not attached ("
                                    + LOAD_ONLY + ")");
                            return 0;
                        }
                        case Outcome.Stopped s -> {
                            s.exit().ifPresent(e -> err.println(e.exitLine()));
                            return 0;
                        }
                        case Outcome.Ended e when e.exit().restart() && !stop.requested() -> {
                            err.println(e.exit().exitLine());
                            err.println(name + ": the kernel asked for a restart; loading again");
                        }
                        case Outcome.Ended e -> {
                            printExit(e.exit());
                            return e.exit().processExitCode();
                        }
                        case Outcome.Failed f -> {
                            err.println(name + ": its Java side failed, so it detached:");
                            f.cause().printStackTrace(err);
                            f.exit().ifPresent(e -> err.println(e.exitLine()));
                            return 1;
                        }
                    }
                }
            }
        } catch (PreflightException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        } catch (BpfException | IllegalStateException | IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        }
    }

    private Outcome attachAndMonitor(KernelCompat kernel, byte[] elf, String libbpf, StopSignal stop) {
        long start = StartupClock.millis();
        try (BpfObject obj = BpfObject.open(scheduler.name(), elf)) {
            StartupClock.mark("BPF object opened");
            StructView ops = obj.structOps(scheduler.opsMap());
            // CPUs that come or go after this sequence number make the kernel ask for a restart.
            ops.setLong("hotplug_seq", sysfs.hotplugSeq());
            Duration timeout = scheduler.watchdogTimeout();
            if (!timeout.isZero()) ops.setInt("timeout_ms", Math.toIntExact(timeout.toMillis()));
            ops.setInt("exit_dump_len", Math.toIntExact(obj.bss().segment("scx_exit_dump").byteSize()));
            scheduler.configureOps(ops, kernel);
            String opsName = ExitInfo.cString(ops.getBytes("name"));
            GlobalData rodata = obj.rodata();
            kernel.fillRodata(rodata);
            scheduler.configure(rodata, kernel);
            obj.load();
            StartupClock.mark("BPF object loaded (verifier)");
            scheduler.beforeAttach(obj);
            StartupClock.mark("ready to attach");
            GlobalData bss = obj.bss(); // mapped before the stop checks: a start trained with LOAD_ONLY maps it too
            if (stop.requested()) return new Outcome.Stopped(stop.received(), Optional.empty());
            if (loadOnly()) return new Outcome.Loaded();
            Link link;
            try {
                link = obj.attachStructOps(scheduler.opsMap());
            } catch (BpfException e) {
                // ops.init may have failed: the kernel then recorded why.
                Optional<ExitInfo> why = ExitInfo.read(bss, kernel);
                why.ifPresent(this::printExit);
                throw e;
            }
            StartupClock.mark("attached");
            if (LibbpfLog.verbose()) StartupClock.marks().forEach(m -> err.println(scheduler.name() + ": start-up " + m));
            // The first attachment counts from the process's start (what a user waits); a reload from its own.
            long since = first ? 0 : start;
            first = false;
            err.printf("%s: attached as '%s' in %d ms%s (libbpf %s)%n", scheduler.name(), opsName, StartupClock.millis() - since,
                    since == 0 ? " from process start" : "", libbpf);
            Optional<StatsSetup> stats = scheduler.stats();
            // With --stats the metrics line replaces the scheduler's own once-a-second line.
            boolean ownReport = stats.map(s -> s.printEvery().isEmpty()).orElse(true);
            try (var published = stats.map(s -> s.start(() -> scheduler.readStats(obj), out, err)).orElse(null);
                    BpfScheduler.Running beside = scheduler.whileAttached(obj)) {
                long reportEvery = scheduler.reportInterval().toNanos();
                long nextReport = System.nanoTime() + reportEvery;
                while (true) {
                    Optional<ExitInfo> exit = ExitInfo.read(bss, kernel);
                    if (exit.isPresent()) {
                        link.close();
                        return new Outcome.Ended(exit.get());
                    }
                    if (stop.requested()) {
                        link.close(); // the kernel unregisters synchronously and runs ops.exit
                        return new Outcome.Stopped(stop.received(), ExitInfo.read(bss, kernel));
                    }
                    Optional<Throwable> failed = beside.failure();
                    if (failed.isPresent()) {
                        link.close();
                        return new Outcome.Failed(failed.get(), ExitInfo.read(bss, kernel));
                    }
                    if (ownReport && System.nanoTime() - nextReport >= 0) {
                        print(scheduler.report(obj));
                        nextReport += reportEvery;
                    }
                    // Wake at the report or each POLL, whichever comes first, to see an exit promptly.
                    long untilReport = ownReport ? Math.max(0, nextReport - System.nanoTime()) : Long.MAX_VALUE;
                    stop.await(Math.min(untilReport, POLL.toNanos()));
                }
            }
        }
    }

    /**
     * Prints a report as bytes in one write: through println's character-encoding layers an
     * interpreted print took twice as long, and this one runs every second.
     */
    private void print(String report) {
        if (report.isEmpty()) return;
        out.writeBytes((report + System.lineSeparator()).getBytes(out.charset()));
        out.flush();
    }

    private void printExit(ExitInfo exit) {
        if (!exit.dump().isEmpty()) {
            err.println("DEBUG DUMP");
            err.println("=".repeat(80));
            err.println(exit.dump());
            err.println("=".repeat(80));
        }
        err.println(exit.exitLine());
    }
}
