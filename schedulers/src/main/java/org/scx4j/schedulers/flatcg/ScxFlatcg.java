package org.scx4j.schedulers.flatcg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_flatcg: cgroup CPU weights flattened into one level, cgroups ordered by a cgroup
 * vtime and tasks by vtime within their cgroup (FIFO with {@code -f}). The policy is all
 * in {@code scx_flatcg.bpf.c}; this class is its options and its periodic report.
 */
@Command(name = "scx_flatcg", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A flattened cgroup hierarchy sched_ext scheduler: each cgroup gets the",
            "product of its cpu.weight shares among active siblings up to the root.",
            "Prints its counters every -i seconds; Ctrl-C stops it."})
public final class ScxFlatcg extends BpfSchedulerCommand {

    @Option(names = "-s", paramLabel = "SLICE_US", description = "Cgroup slice in microseconds (default: the kernel's, 20000).")
    Double sliceUs;

    @Option(names = "-i", paramLabel = "INTERVAL", description = "Report interval in seconds (default: ${DEFAULT-VALUE}).")
    double intervalSeconds = 2;

    @Option(names = "-f", description = "FIFO scheduling within each cgroup instead of weighted vtime.")
    boolean fifo;

    private FlatcgStats last;
    private long seq;
    private final CpuUtil cpuUtil = new CpuUtil(Path.of("/proc/stat"));

    @Override
    protected MetricSet metrics() {
        return FlatcgStats.METRICS;
    }

    @Override
    protected Optional<String> invalidOptions() {
        if (sliceUs != null && !(sliceUs >= 1 && sliceUs <= 1e9))
            return Optional.of("-s takes a slice of 1 to 1000000000 us, got " + sliceUs);
        if (!(intervalSeconds >= 0.01 && intervalSeconds <= 86_400))
            return Optional.of("-i takes 0.01 to 86400 seconds, got " + intervalSeconds);
        return Optional.empty();
    }

    /** The cgroup slice in ns: -s, else the kernel's default slice. */
    long sliceNs(long kernelDefault) {
        return sliceUs == null ? kernelDefault : Math.round(sliceUs * 1000);
    }

    @Override
    public Duration reportInterval() {
        return Duration.ofNanos(Math.round(intervalSeconds * 1e9));
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return FlatcgStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_flatcg";
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        long slice = sliceNs(kernel.value("SCX_SLICE_DFL"));
        rodata.setLong("cgrp_slice_ns", slice);
        rodata.setBoolean("fifo_sched", fifo);
        // Each load (a restart too) starts its counters afresh, as upstream's does.
        last = null;
        seq = 0;
        System.out.printf("slice=%.1fms intv=%.1fs%n", slice / 1e6, intervalSeconds);
    }

    @Override
    public void configureOps(StructView ops, KernelCompat kernel) {
        declareCgroupWeights(ops, kernel);
    }

    @Override
    public String report(BpfObject loaded) {
        FlatcgStats now = FlatcgStats.read(loaded);
        FlatcgStats delta = last == null ? now : now.since(last);
        last = now;
        return delta.report(seq++, cpuUtil.sample() * 100, now);
    }

    /** The share of non-idle CPU time in /proc/stat since the previous sample, as upstream reports it. */
    static final class CpuUtil {
        private final Path procStat;
        private long lastTotal, lastIdle;

        CpuUtil(Path procStat) {
            this.procStat = procStat;
        }

        double sample() {
            String cpu;
            try (var lines = Files.lines(procStat)) {
                cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse("");
            } catch (IOException e) {
                return 0;
            }
            return sample(cpu);
        }

        /** From the aggregate "cpu ..." line: fields after the label, the 4th being idle. */
        double sample(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4) idle = v;
            }
            long dTotal = total - lastTotal, dIdle = idle - lastIdle;
            lastTotal = total;
            lastIdle = idle;
            return dTotal == 0 ? 0 : (double) (dTotal - dIdle) / dTotal;
        }
    }
}
