package org.scx4j.schedulers.simple;

import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_simple: weighted vtime scheduling through one shared queue (FIFO with {@code -f}),
 * idle CPUs filled directly from {@code select_cpu}. The policy is all in
 * {@code scx_simple.bpf.c}; this class is its options and its once-a-second line.
 */
@Command(name = "scx_simple", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A simple sched_ext scheduler: weighted vtime through one shared queue, or FIFO with -f.",
            "Idle CPUs take waking tasks directly. Prints local=N global=M each second; Ctrl-C stops it."})
public final class ScxSimple extends BpfSchedulerCommand {

    @Option(names = "-f", description = "FIFO scheduling instead of weighted vtime.")
    boolean fifo;

    @Override
    protected MetricSet metrics() {
        return SimpleStats.METRICS;
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
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setBoolean("fifo_sched", fifo);
    }

    @Override
    public String report(BpfObject loaded) {
        return SimpleStats.read(loaded).line();
    }
}
