package org.scx4j.schedulers.flash;

import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.idle.DispatchStats;
import org.scx4j.schedulers.idle.IdleSchedulerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_flash: earliest deadline first, with task and cgroup weights in every slice and
 * deadline, through per-node queues. The policy is in {@code scx_flash.bpf.c} with
 * {@code scx/deadline.bpf.h} and {@code scx/idle.bpf.h}; this class is upstream's options,
 * the machine's topology for the BPF side, and the idle resume latency (-I).
 */
@Command(name = "scx_flash", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A deadline-based scheduler focused on fairness and performance predictability: earliest",
            "deadline first, where a task's deadline is its vruntime plus what it ran since it last slept, and its",
            "weight (nice, times its cgroup's cpu.weight / 100) scales its slice and its vruntime. Upstream's",
            "--slice-lag-scaling and debug options are not supported. Ctrl-C stops it."})
public final class ScxFlash extends IdleSchedulerCommand {
    static final MetricSet METRICS = DispatchStats.metrics("scx_flash", "-t");

    @Option(names = {"-s", "--slice-us"}, paramLabel = "US", description = "Maximum scheduling slice duration in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 700;

    @Option(names = {"-l", "--slice-us-lag"}, paramLabel = "US",
            description = "Maximum runtime budget that a task can accumulate while sleeping, in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUsLag = 20000;

    @Option(names = {"-t", "--throttle-us"}, paramLabel = "US",
            description = "Throttle the running CPUs by periodically injecting idle cycles of this many microseconds,"
                    + " up to 1 s (0 = disable; default: ${DEFAULT-VALUE}).")
    long throttleUs = 0;

    @Option(names = {"-I", "--idle-resume-us"}, paramLabel = "US",
            description = "Set CPU idle QoS resume latency in microseconds while running (-1 = leave it; default: ${DEFAULT-VALUE}).")
    long idleResumeUs = 32;

    @Option(names = {"-T", "--tickless"}, description = "Enable tickless mode: infinite slices, preempted only when others wait (after -s).")
    boolean tickless;

    @Option(names = {"-R", "--rr-sched"}, description = "Enable round-robin scheduling: fixed slices (-s) in FIFO order on each CPU.")
    boolean rrSched;

    @Option(names = "--wakeup-throttle", description = "Throttle tasks that abuse the wakeup-frequency prioritization (runs under 10 us).")
    boolean wakeupThrottle;

    @Option(names = {"-m", "--primary-domain"}, paramLabel = "CPUS",
            description = "CPUs to use first: a list (0-3,12-15) or performance, powersave, turbo, all; auto and none"
                    + " mean all here (default: ${DEFAULT-VALUE}).")
    String primaryDomain = "auto";

    @Option(names = "--disable-smt", description = "Disable SMT awareness.")
    boolean disableSmt;

    @Option(names = "--disable-numa", description = "Disable NUMA rebalancing.")
    boolean disableNuma;

    @Option(names = {"-f", "--cpufreq"}, description = "Enable CPU frequency control (only with schedutil governor).")
    boolean cpufreq;

    @Override
    protected MetricSet metrics() {
        return METRICS;
    }

    @Override
    public Optional<String> checkOptions() {
        // Weights (nice times cgroup share, up to 10^6) and wake-up rates (up to 100) multiply these in BPF.
        long maxSliceUs = Long.MAX_VALUE / 1000 / 1_000_000, maxLagUs = maxSliceUs / 100;
        if (sliceUs < 1 || sliceUs > maxSliceUs) return Optional.of("-s takes 1 to " + maxSliceUs + " microseconds; got " + sliceUs);
        if (sliceUsLag < 0 || sliceUsLag > maxLagUs) return Optional.of("-l takes 0 to " + maxLagUs + " microseconds; got " + sliceUsLag);
        // Longer idle phases would trip the kernel's watchdog on runnable tasks.
        if (throttleUs < 0 || throttleUs > 1_000_000) return Optional.of("-t takes 0 (off) to 1000000 microseconds; got " + throttleUs);
        if (idleResumeUs < -1) return Optional.of("-I takes microseconds, or -1 to leave the latency alone; got " + idleResumeUs);
        if (tickless && rrSched) return Optional.of("-T and -R exclude each other: round robin needs its fixed slices");
        return parsePrimary(primaryDomain);
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        requireChecked();
        rodata.setLong("slice_max", sliceUs * 1000);
        rodata.setLong("slice_lag", sliceUsLag * 1000);
        rodata.setLong("throttle_ns", throttleUs * 1000);
        rodata.setBoolean("tickless", tickless);
        rodata.setBoolean("rr_sched", rrSched);
        rodata.setBoolean("wakeup_throttle", wakeupThrottle);
        rodata.setBoolean("cpufreq_enabled", cpufreq);
        machine.configure(rodata, primary, !disableSmt, !disableNuma, false, false);
    }

    @Override
    public void configureOps(StructView ops, KernelCompat kernel) {
        declareCgroupWeights(ops, kernel);
    }

    @Override
    public Running whileAttached(BpfObject loaded) {
        return idleResumeUs < 0 ? () -> {} : IdleResumeLatency.apply(IdleResumeLatency.CPUS, idleResumeUs, System.err);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return DispatchStats.read(loaded);
    }

    @Override
    public String name() {
        return "scx_flash";
    }
}
