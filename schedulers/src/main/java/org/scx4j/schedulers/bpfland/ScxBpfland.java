package org.scx4j.schedulers.bpfland;

import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.idle.DispatchStats;
import org.scx4j.schedulers.idle.IdleSchedulerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_bpfland: every task by virtual deadline, tasks that wake often ahead of CPU hogs,
 * through per-CPU and per-node queues. The policy is in {@code scx_bpfland.bpf.c} with
 * {@code scx/deadline.bpf.h} and {@code scx/idle.bpf.h}; this class is upstream's options
 * and the machine's topology for the BPF side.
 */
@Command(name = "scx_bpfland", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A vruntime-based scheduler that prioritizes interactive workloads: a task's deadline is its",
            "vruntime plus what it ran since it last slept, and its sleep credit grows with its average wake-up",
            "rate (wake-ups per 100 ms). Upstream's TIMELY (-T and its tuning options) and idle QoS (-I) are not",
            "supported. Ctrl-C stops it."})
public final class ScxBpfland extends IdleSchedulerCommand {

    @Option(names = {"-s", "--slice-us"}, paramLabel = "US", description = "Maximum scheduling slice duration in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 1000;

    @Option(names = {"-L", "--slice-us-min"}, paramLabel = "US",
            description = "Minimum scheduling slice duration in microseconds (0 = no minimum time slice; default: ${DEFAULT-VALUE}).")
    long sliceUsMin = 0;

    @Option(names = {"-l", "--slice-us-lag"}, paramLabel = "US",
            description = "Maximum time slice lag in microseconds: what a task may run since it last slept and still"
                    + " count as interactive, times its wake-up rate for its sleep credit (default: ${DEFAULT-VALUE}).")
    long sliceUsLag = 40000;

    @Option(names = {"-t", "--throttle-us"}, paramLabel = "US",
            description = "Throttle the running CPUs by periodically injecting idle cycles of this many microseconds,"
                    + " up to 1 s (0 = disable; default: ${DEFAULT-VALUE}).")
    long throttleUs = 0;

    @Option(names = {"-p", "--local-pcpu"}, description = "Enable per-CPU tasks prioritization.")
    boolean localPcpu;

    @Option(names = {"-k", "--local-kthreads"}, description = "Enable kthreads prioritization (EXPERIMENTAL).")
    boolean localKthreads;

    @Option(names = {"-w", "--no-wake-sync"}, description = "Disable direct dispatch during synchronous wakeups.")
    boolean noWakeSync;

    @Option(names = {"-S", "--sticky-tasks"}, description = "Enable sticky tasks: tasks that run in bursts of under 10 us stay on their CPU.")
    boolean stickyTasks;

    @Option(names = {"-m", "--primary-domain"}, paramLabel = "CPUS",
            description = "CPUs to use first: a list (0-3,12-15) or performance, powersave, turbo, all; auto and none"
                    + " mean all here (default: ${DEFAULT-VALUE}).")
    String primaryDomain = "auto";

    @Option(names = {"-P", "--preferred-idle-scan"}, description = "Enable preferred idle CPU scanning (highest capacity first).")
    boolean preferredIdleScan;

    @Option(names = "--disable-smt", description = "Disable SMT awareness.")
    boolean disableSmt;

    @Option(names = "--disable-numa", description = "Disable NUMA awareness.")
    boolean disableNuma;

    @Option(names = {"-f", "--cpufreq"}, description = "Enable CPU frequency control (only with schedutil governor).")
    boolean cpufreq;

    static final MetricSet METRICS = DispatchStats.metrics("scx_bpfland", "-k");

    @Override
    protected MetricSet metrics() {
        return METRICS;
    }

    @Override
    public Optional<String> checkOptions() {
        long maxUs = Long.MAX_VALUE / 1000 / 1024 / 1024;
        if (sliceUs < 1 || sliceUs > maxUs) return Optional.of("-s takes 1 to " + maxUs + " microseconds; got " + sliceUs);
        if (sliceUsMin < 0 || sliceUsMin > sliceUs)
            return Optional.of("-L takes 0 to the maximum slice (-s " + sliceUs + ") microseconds; got " + sliceUsMin);
        if (sliceUsLag < 0 || sliceUsLag > maxUs) return Optional.of("-l takes 0 to " + maxUs + " microseconds; got " + sliceUsLag);
        // Longer idle phases would trip the kernel's watchdog on runnable tasks.
        if (throttleUs < 0 || throttleUs > 1_000_000) return Optional.of("-t takes 0 (off) to 1000000 microseconds; got " + throttleUs);
        return parsePrimary(primaryDomain);
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        requireChecked();
        rodata.setLong("slice_max", sliceUs * 1000);
        rodata.setLong("slice_min", sliceUsMin * 1000);
        rodata.setLong("slice_lag", sliceUsLag * 1000);
        rodata.setLong("throttle_ns", throttleUs * 1000);
        rodata.setBoolean("local_pcpu", localPcpu);
        rodata.setBoolean("local_kthreads", localKthreads);
        rodata.setBoolean("no_wake_sync", noWakeSync);
        rodata.setBoolean("sticky_tasks", stickyTasks);
        rodata.setBoolean("cpufreq_enabled", cpufreq);
        machine.configure(rodata, primary, !disableSmt, !disableNuma, false, preferredIdleScan);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return DispatchStats.read(loaded);
    }

    @Override
    public String name() {
        return "scx_bpfland";
    }
}
