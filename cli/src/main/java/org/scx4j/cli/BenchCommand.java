package org.scx4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scx4j.cli.bench.BenchPlan;
import org.scx4j.cli.bench.BenchPlanException;
import org.scx4j.cli.bench.BenchResults;
import org.scx4j.cli.bench.BenchSession;
import org.scx4j.cli.bench.JsonReport;
import org.scx4j.cli.bench.KnownSchedulers;
import org.scx4j.cli.bench.RatioChart;
import org.scx4j.cli.bench.ResultTable;
import org.scx4j.cli.bench.RunOutcome;
import org.scx4j.vm.VmTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j bench}: schedulers side by side against the kernel's default
 * (EEVDF) in one VM boot, so users can choose a scheduler by what it does to
 * their workloads. The options are checked before the VM boots; the work is
 * in {@link org.scx4j.cli.bench}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark schedulers against eevdf (no sched_ext scheduler) in one VM boot.",
            "For each workload the schedulers run in turn (A B A B ...); each one is",
            "started before and stopped after its run, and the sched_ext state is sampled",
            "during the run to prove which scheduler was active. Prints the median, range",
            "and ratio to eevdf, and each scheduler's footprint: start (s from its exec to",
            "sched_ext enabled), cpu (CPU s per s of the run), rss (peak resident MiB).",
            "",
            "Any other scheduler command runs as a peer with ext:LABEL=COMMAND, e.g.",
            "  --schedulers eevdf,scx_simple,ext:upstream-simple=/usr/sbin/scx_simple",
            "  --schedulers 'ext:c-simple-fifo=/opt/scx/scx_simple -f'",
            "",
            "Workloads:",
            "  messaging       perf bench sched messaging; seconds",
            "  wakeup-latency  cyclictest (SCHED_OTHER), a CPU hog per CPU; p50/p99/max us",
            "  fairness        hogs at nice 0,2,4,6; Jain's index of CPU time over share",
            "  interactive     10 ms periodic task under stress-ng; p99 lateness us,",
            "                  deadline misses %%",
            "",
            "Exit status: 0 when every run measured, 1 when some failed (the table shows",
            "why), 2 for bad options."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--schedulers", split = ",", paramLabel = "LIST",
            description = "Schedulers to compare: names from 'scx4j list', or ext:LABEL=COMMAND for any other scheduler "
                    + "command; eevdf is always included as the baseline (default: eevdf,scx_simple).")
    List<String> schedulers = new ArrayList<>();

    @Option(names = "--workloads", split = ",", paramLabel = "LIST",
            description = "Workloads to run (default: all): messaging, wakeup-latency, fairness, interactive.")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Runs per scheduler per workload (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "SECS", defaultValue = "10",
            description = "Seconds of load under each scheduler before its run is measured, so a JIT-compiled "
                    + "scheduler is compared in its steady state; 0 measures from the start (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cpus", paramLabel = "N", description = "The VM's CPUs, as cores of one socket (default: 2).")
    Integer cpus;

    @Mixin
    LayoutOptions layoutOptions = new LayoutOptions();

    @Option(names = "--kernel", paramLabel = "RELEASE", description = "Guest kernel release or prefix (default: the newest).")
    String kernel;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every raw run and the summary as JSON.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Write an SVG bar chart of the ratios to eevdf.")
    Path chart;

    /** Workload size factor; small values make the integration test quick. */
    @Option(names = "--scale", hidden = true, defaultValue = "1.0")
    double scale;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchPlan plan;
        VmTopology layout;
        try {
            layout = layoutOptions.layout(cpus);
        } catch (IllegalArgumentException e) {
            err.println("scx4j bench: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            plan = BenchPlan.of(schedulers, workloads, runs, layout == null ? 2 : layout.cpus(), scale, warmup, KnownSchedulers.names());
            checkWritable(json, "--json");
            checkWritable(chart, "--chart");
        } catch (BenchPlanException e) {
            e.problems().forEach(p -> err.println("scx4j bench: " + p));
            err.println("scx4j bench: see 'scx4j bench --help'");
            err.flush();
            return 2;
        }
        BenchResults results;
        try {
            results = BenchSession.run(plan, layout, kernel);
        } catch (RuntimeException e) {
            err.println("scx4j bench: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.print(ResultTable.render(results, plan));
        out.flush();
        try {
            if (json != null) {
                Files.writeString(json, JsonReport.render(results, plan));
                err.println("scx4j bench: wrote " + json);
            }
            if (chart != null) {
                Files.writeString(chart, RatioChart.render(results));
                err.println("scx4j bench: wrote " + chart);
            }
        } catch (IOException e) {
            err.println("scx4j bench: could not write a report file: " + e.getMessage());
            err.flush();
            return 1;
        }
        err.flush();
        boolean anyFailed = results.runs().stream().anyMatch(r -> r.outcome() instanceof RunOutcome.Failed);
        return anyFailed ? 1 : 0;
    }

    /** Fails before the VM boots when a report file could not be written afterwards. */
    private static void checkWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new BenchPlanException(List.of(option + " " + file + ": folder " + dir + " does not exist or is not writable"));
        }
        if (Files.isDirectory(file)) {
            throw new BenchPlanException(List.of(option + " " + file + " is a folder; give a file name"));
        }
    }
}
