package org.scx4j.schedulers.simple;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.LibbpfLog;
import org.scx4j.core.BpfScheduler;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.SchedulerRuntime;
import org.scx4j.core.stats.StatsSetup;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.StatsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scx_simple: weighted vtime scheduling through one shared queue (FIFO with {@code -f}),
 * idle CPUs filled directly from {@code select_cpu}. The policy is all in
 * {@code scx_simple.bpf.c}; this class is its options and its once-a-second line.
 */
@Command(name = "scx_simple", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A simple sched_ext scheduler: weighted vtime through one shared queue, or FIFO with -f.",
            "Idle CPUs take waking tasks directly. Prints local=N global=M each second; Ctrl-C stops it."})
public final class ScxSimple implements Callable<Integer>, BpfScheduler {

    @Option(names = "-f", description = "FIFO scheduling instead of weighted vtime.")
    boolean fifo;

    @Option(names = "-v", description = "Print libbpf's debug output.")
    boolean verbose;

    @Mixin
    StatsOptions statsOptions;

    @Override
    public Integer call() {
        var withoutLoading = statsOptions.runWithoutLoading(SimpleStats.METRICS, System.out, System.err);
        if (withoutLoading.isPresent()) {
            return withoutLoading.get();
        }
        LibbpfLog.setVerbose(verbose);
        return SchedulerRuntime.run(this);
    }

    @Override
    public Optional<StatsSetup> stats() {
        return Optional.of(statsOptions.setup(SimpleStats.METRICS));
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return SimpleStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_simple";
    }

    @Override
    public String objectResource() {
        return "/bpf/scx_simple.bpf.o";
    }

    @Override
    public String opsMap() {
        return "simple_ops";
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setBoolean("fifo_sched", fifo);
    }

    @Override
    public void report(BpfObject loaded, PrintStream out) {
        out.println(SimpleStats.read(loaded).line());
    }
}
