package org.scx4j.schedulers.cosmos;

import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.CpuUtilization;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.schedulers.idle.IdleSchedulerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_cosmos: tasks stay on their CPU while it is not busy, and go by deadline through a
 * shared (per-node) queue once it is. The policy is in {@code scx_cosmos.bpf.c} with
 * {@code scx/idle.bpf.h} and {@code scx/deadline.bpf.h}; this class is upstream's options,
 * the machine's topology for the BPF side, and the {@code -p} poller of CPU utilization.
 */
@Command(name = "scx_cosmos", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"Lightweight scheduler optimized for preserving task-to-CPU locality: tasks stay on their CPU",
            "while it is not busy (-c, -p), and are scheduled by deadline through a shared queue when it is.",
            "Upstream's perf-event (-e, -E, -y, -Y) and GPU (-g) options are not supported. Ctrl-C stops it."})
public final class ScxCosmos extends IdleSchedulerCommand {

    @Option(names = {"-s", "--slice-us"}, paramLabel = "US", description = "Maximum scheduling slice duration in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 1000;

    @Option(names = {"-l", "--slice-lag-us"}, paramLabel = "US",
            description = "Maximum runtime (since last sleep) that can be charged to a task in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceLagUs = 20000;

    @Option(names = {"-c", "--cpu-busy-thresh"}, paramLabel = "PCT",
            description = "Average CPU utilization (0-100%) from which the system counts as busy and tasks go by deadline"
                    + " through the shared queue (default: ${DEFAULT-VALUE}: always).")
    long cpuBusyThresh = 0;

    @Option(names = {"-p", "--polling-ms"}, paramLabel = "MS",
            description = "How often (ms) to refresh CPU utilization, clamped to 10..1000; 0 disables (default: ${DEFAULT-VALUE}).")
    long pollingMs = 0;

    @Option(names = {"-m", "--primary-domain"}, paramLabel = "CPUS",
            description = "CPUs to prioritize: a list (0-3,12-15) or turbo, performance, powersave, all (default: all).")
    String primaryDomain;

    @Option(names = {"-n", "--disable-numa"}, description = "Disable NUMA optimizations.")
    boolean disableNuma;

    @Option(names = {"-f", "--disable-cpufreq"}, description = "Disable CPU frequency control.")
    boolean disableCpufreq;

    @Option(names = {"-i", "--flat-idle-scan"}, description = "Enable flat idle CPU scanning.")
    boolean flatIdleScan;

    @Option(names = {"-P", "--preferred-idle-scan"}, description = "Enable preferred idle CPU scanning (highest capacity first).")
    boolean preferredIdleScan;

    @Option(names = "--disable-smt", description = "Disable SMT awareness (with -i or -P).")
    boolean disableSmt;

    @Option(names = "--time-preemption", description = "Preempt tasks past their slice from the tick when others wait.")
    boolean timePreemption;

    @Option(names = {"-a", "--mm-affinity"}, description = "Keep tasks sharing an address space on the same CPU across wakeups.")
    boolean mmAffinity;

    @Override
    protected MetricSet metrics() {
        return CosmosStats.METRICS;
    }

    @Override
    public Optional<String> checkOptions() {
        long maxUs = Long.MAX_VALUE / 1000 / 1024;
        if (sliceUs < 1 || sliceUs > maxUs) return Optional.of("-s takes 1 to " + maxUs + " microseconds; got " + sliceUs);
        if (sliceLagUs < 0 || sliceLagUs > maxUs) return Optional.of("-l takes 0 to " + maxUs + " microseconds; got " + sliceLagUs);
        if (cpuBusyThresh < 0 || cpuBusyThresh > 100) return Optional.of("-c takes a percentage, 0 to 100; got " + cpuBusyThresh);
        if (pollingMs < 0) return Optional.of("-p takes milliseconds, 0 (off) or more; got " + pollingMs);
        return parsePrimary(primaryDomain);
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        requireChecked();
        rodata.setLong("slice_ns", sliceUs * 1000);
        rodata.setLong("slice_lag", sliceLagUs * 1000);
        rodata.setLong("busy_threshold", cpuBusyThresh * 1024 / 100);
        rodata.setBoolean("cpufreq_enabled", !disableCpufreq);
        rodata.setBoolean("mm_affinity", mmAffinity);
        rodata.setBoolean("time_preemption", timePreemption);
        machine.configure(rodata, primary, !disableSmt, !disableNuma, flatIdleScan, preferredIdleScan);
    }

    /** The poll period: -p clamped to 10..1000 ms, or 0 (off). */
    long pollingPeriodMs() {
        return pollingMs == 0 ? 0 : Math.clamp(pollingMs, 10, 1000);
    }

    @Override
    public Running whileAttached(BpfObject loaded) {
        long period = pollingPeriodMs();
        if (period == 0) return () -> {};
        GlobalData bss = loaded.bss();
        int nrCpus = machine.nrCpuIds();
        return Running.onThread("scx_cosmos-util", () -> {
            CpuUtilization.Sampler sampler = new CpuUtilization.Sampler(nrCpus);
            long[][] before = sampler.sample(CpuUtilization.rows(nrCpus)), after = CpuUtilization.rows(nrCpus);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(period);
                    sampler.sample(after);
                    bss.setLong("cpu_util_avg", CpuUtilization.average(CpuUtilization.between(before, after)));
                    long[][] last = before;
                    before = after;
                    after = last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return CosmosStats.read(loaded);
    }

    @Override
    public String name() {
        return "scx_cosmos";
    }
}
