package org.scx4j.schedulers.central;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.core.topology.CpuMask;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.IntervalOption;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scx_central: one CPU ({@code -c}) makes every scheduling decision and hands tasks to the
 * others with an infinite slice; a timer on it preempts tasks past {@code -s} when work
 * waits. The policy is all in {@code scx_central.bpf.c}; this class is its options, the
 * check that the central CPU exists and is online, and upstream's counters block.
 */
@Command(name = "scx_central", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A central FIFO sched_ext scheduler: one CPU makes every scheduling decision.",
            "Prints its counters every -i seconds; Ctrl-C stops it."})
public final class ScxCentral extends BpfSchedulerCommand {
    static final Path CPUS = Path.of("/sys/devices/system/cpu");

    @Option(names = "-s", paramLabel = "SLICE_US", description = "Slice in microseconds (default: the kernel's, 20000).")
    Long sliceUs;

    @Option(names = "-c", paramLabel = "CPU", description = "The central CPU (default: ${DEFAULT-VALUE}).")
    int centralCpu = 0;

    @Mixin
    IntervalOption interval = new IntervalOption(); // here, not by picocli: see DefaultsStart

    private long seq;

    @Override
    protected MetricSet metrics() {
        return CentralStats.METRICS;
    }

    @Override
    protected Optional<String> invalidOptions() {
        if (sliceUs != null && (sliceUs < 1 || sliceUs > Long.MAX_VALUE / 1000))
            return Optional.of("-s takes a slice of 1 microsecond or more; got " + sliceUs);
        return checkCentralCpu(centralCpu, cpuList("possible"), cpuList("online"));
    }

    /** Why {@code cpu} cannot be the central CPU, given the possible and online CPUs; empty when it can. */
    static Optional<String> checkCentralCpu(int cpu, CpuMask possible, CpuMask online) {
        if (cpu < 0 || !possible.contains(cpu))
            return Optional.of("-c " + cpu + ": no such CPU (this machine's CPUs are " + possible.toList() + ")");
        if (!online.contains(cpu))
            return Optional.of("-c " + cpu + ": CPU " + cpu + " is offline (online CPUs: " + online.toList() + ")");
        return Optional.empty();
    }

    private static CpuMask cpuList(String which) {
        try {
            return CpuMask.parseList(Files.readString(CPUS.resolve(which)).strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CPUS.resolve(which) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        // Checked again at each load: a restart after CPU hotplug may find the central CPU gone.
        checkCentralCpu(centralCpu, cpuList("possible"), cpuList("online")).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        rodata.setInt("central_cpu", centralCpu);
        rodata.setLong("slice_ns", sliceUs != null ? sliceUs * 1000 : kernel.value("SCX_SLICE_DFL"));
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return CentralStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_central";
    }

    @Override
    public Duration reportInterval() {
        return interval.interval();
    }

    @Override
    public String report(BpfObject loaded) {
        return CentralStats.read(loaded).lines(seq++);
    }
}
