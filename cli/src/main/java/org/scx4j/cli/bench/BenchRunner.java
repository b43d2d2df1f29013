package org.scx4j.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.scx4j.vm.CommandTimeoutException;
import org.scx4j.vm.Result;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;

/**
 * Runs a {@link BenchPlan} in one booted VM: for each workload, the
 * schedulers in turn (A B A B ...) so slow drift of the host hits all of them
 * alike; each scheduler is started before and stopped after its run, and the
 * sched_ext state is sampled in the guest throughout the run to prove which
 * scheduler the figures belong to. Between start and measurement, every
 * scheduler (eevdf too) runs the same warm-up load, so a scheduler whose
 * decisions are JIT-compiled Java is measured in its steady state. Every
 * scheduler but eevdf also has its footprint measured. A failing scheduler
 * fails only its runs.
 */
public final class BenchRunner {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    /** The warm-up load: context switches between processes plus a CPU hog per CPU. */
    static String warmupScript(int cpus, int seconds) {
        return "stress-ng --switch %d --cpu %d --timeout %ds --quiet >/dev/null 2>&1; true".formatted(cpus, cpus, seconds);
    }

    /**
     * Runs the workload (argument $1) while a background loop samples the
     * sched_ext state every 0.2 s into a file; when a scheduler runs (its pid
     * is argument $2), reads its footprint (its cgroup's CPU time, its peak
     * memory) right before and right after the workload. Then prints the samples and the footprint after
     * their marks, so workload output, samples and footprint never interleave.
     */
    private static final String WRAPPER = Footprint.GUEST_FUNCTIONS + """
            samples=$(mktemp); footprint=$(mktemp)
            ( s=/sys/kernel/sched_ext
              while :; do
                st=?; ops=-
                read -r st < $s/state
                [ -r $s/root/ops ] && read -r ops < $s/root/ops
                echo "$st ${ops:--}"
                sleep 0.2
              done ) > "$samples" 2>/dev/null &
            sampler=$!
            [ -n "$2" ] && footprint_sample "$2" start > "$footprint"
            bash -c "$1"
            rc=$?
            [ -n "$2" ] && footprint_sample "$2" end >> "$footprint"
            kill $sampler 2>/dev/null; wait $sampler 2>/dev/null
            echo "%s"
            cat "$samples"
            echo "%s"
            cat "$footprint"; rm -f "$samples" "$footprint"
            exit $rc
            """.formatted(RunOutput.SAMPLES_MARK, RunOutput.FOOTPRINT_MARK);

    private final Vm vm;
    private final BenchPlan plan;
    private final GuestLauncher launcher;
    private final ProgressLine progress;

    BenchRunner(Vm vm, BenchPlan plan, GuestLauncher launcher, ProgressLine progress) {
        this.vm = vm;
        this.plan = plan;
        this.launcher = launcher;
        this.progress = progress;
    }

    /** Every run of the plan, in the order they happened. */
    public List<RunRecord> runAll() {
        List<RunRecord> records = new ArrayList<>();
        int total = plan.workloads().size() * plan.runs() * plan.schedulers().size();
        int step = 0;
        if (plan.needsJar()) {
            install();
        }
        for (Workload w : plan.workloads()) {
            for (int run = 1; run <= plan.runs(); run++) {
                for (String scheduler : plan.schedulers()) {
                    step++;
                    progress.show("bench [%d/%d] %s  %s  run %d/%d%s".formatted(step, total, w.name(), scheduler, run, plan.runs(),
                            plan.warmupSeconds() > 0 ? " (after %d s of warm-up)".formatted(plan.warmupSeconds()) : ""));
                    RunRecord record = runOnce(w, scheduler, run);
                    if (record.outcome() instanceof RunOutcome.Failed(String reason)) {
                        progress.done();
                        System.err.println("bench: %s under %s, run %d failed: %s".formatted(w.name(), scheduler, run, reason));
                    }
                    records.add(record);
                }
            }
        }
        progress.done();
        return records;
    }

    /**
     * {@code scx4j install} in the guest, once more if it fails (its JVM can crash under
     * emulation, see docs/BENCHMARKS.md); throws if that fails too, since every run of
     * our schedulers would then fail for want of its launcher.
     */
    private void install() {
        String failure = "";
        for (int attempt = 1; attempt <= 2; attempt++) {
            progress.show("bench: installing scx4j in the guest (its launchers and start-up caches)");
            try {
                Result installed = vm.run(INSTALL_TIMEOUT, launcher.install().toArray(String[]::new));
                if (installed.exitCode() == 0) {
                    return;
                }
                failure = (installed.stdout() + installed.stderr()).strip();
            } catch (VmException e) {
                failure = e.getMessage();
            }
            progress.done();
            System.err.println("bench: scx4j install in the guest failed" + (attempt == 1 ? ", trying once more: " : ": ") + failure);
        }
        throw new IllegalStateException("scx4j install in the guest failed twice; stopping before any run");
    }

    RunRecord runOnce(Workload w, String scheduler, int run) {
        Optional<GuestScheduler> loaded = Optional.empty();
        Optional<String> loadedOps = Optional.empty();
        double startSeconds = Double.NaN;
        if (!scheduler.equals(BenchResults.BASELINE)) {
            // An external command's ops name is its own business; a catalog scheduler's must match its name.
            Predicate<String> ownOps = plan.external(scheduler).isPresent() ? ops -> true : ops -> OpsSample.opsBelongsTo(ops, scheduler);
            switch (GuestScheduler.start(vm, scheduler, launcher.run(scheduler), ownOps)) {
                case GuestScheduler.Start.Running(GuestScheduler s, String ops, double seconds) -> {
                    loaded = Optional.of(s);
                    loadedOps = Optional.of(ops);
                    startSeconds = seconds;
                }
                case GuestScheduler.Start.Failed(String reason) -> {
                    return new RunRecord(w.name(), scheduler, run, new RunOutcome.Failed(reason), List.of(), 0);
                }
            }
        }
        if (plan.warmupSeconds() > 0) {
            try {
                vm.run(Duration.ofSeconds(plan.warmupSeconds() + 60L), "bash", "-c", warmupScript(plan.cpus(), plan.warmupSeconds()));
            } catch (VmException e) {
                loaded.ifPresent(GuestScheduler::stop);
                return new RunRecord(w.name(), scheduler, run, new RunOutcome.Failed("the warm-up failed: " + firstLine(e.getMessage())), List.of(), 0);
            }
        }
        String pid = loaded.map(s -> Long.toString(s.pid())).orElse("");
        long started = System.nanoTime();
        Result result;
        String timeoutReason = null;
        try {
            result = vm.run(w.timeout(plan.scale()), "bash", "-c", WRAPPER, "scx4j-bench", w.script(plan.cpus(), plan.scale()), pid);
        } catch (CommandTimeoutException e) {
            result = e.partial();
            timeoutReason = "the workload did not finish within " + w.timeout(plan.scale()).toSeconds() + " s";
        } catch (VmException e) {
            // Stop the scheduler so the next run starts clean; the failure is this run's only.
            loaded.ifPresent(GuestScheduler::stop);
            return new RunRecord(w.name(), scheduler, run, new RunOutcome.Failed("the guest command failed: " + firstLine(e.getMessage())), List.of(), 0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        GuestScheduler.Stopped schedulerEnd = loaded.map(GuestScheduler::stop).orElse(null);

        RunOutput output = RunOutput.parse(result.stdout());
        List<String> sampleText = output.samples().stream().map(OpsSample::toString).toList();
        RunOutcome outcome = judge(w, scheduler, loadedOps, result, timeoutReason, output.workload(), output.samples(), schedulerEnd);
        if (loaded.isPresent()) {
            outcome = withFootprint(outcome, startSeconds, output.footprint());
        }
        return new RunRecord(w.name(), scheduler, run, outcome, sampleText, seconds);
    }

    /**
     * Adds the scheduler's footprint to a measured run's figures. A scheduler
     * that ran throughout has a /proc entry to read, so a run whose footprint
     * is missing fails, saying why.
     */
    static RunOutcome withFootprint(RunOutcome outcome, double startSeconds, String probe) {
        if (!(outcome instanceof RunOutcome.Measured(var figures))) {
            return outcome;
        }
        try {
            Map<String, Double> all = new LinkedHashMap<>(figures);
            all.putAll(Footprint.parse(startSeconds, probe).figures());
            return new RunOutcome.Measured(all);
        } catch (IllegalArgumentException e) {
            return new RunOutcome.Failed("the scheduler's footprint could not be read: " + e.getMessage());
        }
    }

    /**
     * Decides whether a run counts: the scheduler loaded for it (ops name
     * {@code loadedOps}, empty for eevdf) active throughout, workload succeeded,
     * figures readable.
     */
    static RunOutcome judge(Workload w, String scheduler, Optional<String> loadedOps, Result result, String timeoutReason,
            String workloadOut, List<OpsSample> samples, GuestScheduler.Stopped schedulerEnd) {
        Optional<OpsSample> mismatch = OpsSample.firstMismatch(samples, loadedOps);
        if (mismatch.isPresent()) {
            if (scheduler.equals(BenchResults.BASELINE)) {
                return new RunOutcome.Failed("sched_ext was " + mismatch.get() + " during an eevdf run");
            }
            String end = schedulerEnd == null ? "" : ": " + GuestScheduler.exitLine(schedulerEnd.result());
            return new RunOutcome.Failed("exited during the run (sched_ext " + mismatch.get() + ")" + end);
        }
        if (schedulerEnd != null && !schedulerEnd.clean()) {
            return new RunOutcome.Failed("did not stop cleanly: " + schedulerEnd.reason());
        }
        if (timeoutReason != null) {
            return new RunOutcome.Failed(timeoutReason);
        }
        if (samples.isEmpty()) {
            return new RunOutcome.Failed("no sched_ext samples came back from the run: " + WakeupLatencyWorkload.lastLine(result.stdout() + result.stderr()));
        }
        if (result.exitCode() != 0) {
            return new RunOutcome.Failed("the workload exited with status %d: %s".formatted(result.exitCode(),
                    WakeupLatencyWorkload.lastLine(workloadOut + "\n" + result.stderr())));
        }
        try {
            Map<String, Double> figures = w.parse(workloadOut);
            return new RunOutcome.Measured(figures);
        } catch (WorkloadOutputException e) {
            return new RunOutcome.Failed(e.getMessage());
        }
    }

    private static String firstLine(String s) {
        return s == null ? "(no message)" : s.lines().findFirst().orElse(s);
    }
}
