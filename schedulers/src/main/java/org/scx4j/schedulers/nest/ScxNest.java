package org.scx4j.schedulers.nest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scx_nest: waking tasks packed onto a primary nest of recently used (warm) cores, grown
 * from a reserve nest when it is full, and shrunk when a core stays unused for {@code -d}.
 * The policy is all in {@code scx_nest.bpf.c}; this class is upstream's options and its
 * counters and nests, printed every two seconds as upstream does.
 */
@Command(name = "scx_nest", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A Nest sched_ext scheduler: tasks are packed onto a primary nest of warm cores,",
            "grown from a reserve nest and shrunk when a core stays unused.",
            "Prints its counters and nests every 2 seconds; Ctrl-C stops it."})
public final class ScxNest extends BpfSchedulerCommand {
    /** Upstream's sampling cadence: the report and the BPF sample of the nests. */
    static final Duration CADENCE = Duration.ofSeconds(2);

    @Option(names = "-d", paramLabel = "DELAY_US",
            description = "Delay (us) before removing an idle core from the primary nest (default: ${DEFAULT-VALUE}).")
    long delayUs = 2000;

    @Option(names = "-m", paramLabel = "R_MAX", description = "Maximum number of cores in the reserve nest (default: ${DEFAULT-VALUE}).")
    long rMax = 5;

    @Option(names = "-i", paramLabel = "ITERS", description = "Successive placement failures a task tolerates before it grows the primary nest"
            + " directly (default: ${DEFAULT-VALUE}), or 0 to disable.")
    long rImpatient = 2;

    @Option(names = "-s", paramLabel = "SLICE_US", description = "Slice in microseconds (default: the kernel's, 20000).")
    Long sliceUs;

    @Option(names = "-I", description = "Look for a fully idle core (no busy SMT sibling) first, then any idle core,"
            + " in each nest. By default any idle core will do.")
    boolean findFullyIdle;

    @Override
    protected MetricSet metrics() {
        return NestStats.METRICS;
    }

    @Override
    protected Optional<String> invalidOptions() {
        long maxUs = Long.MAX_VALUE / 1000;
        if (delayUs < 0 || delayUs > maxUs)
            return Optional.of("-d takes a delay of 0 to " + maxUs + " microseconds; got " + delayUs);
        if (rMax < 0)
            return Optional.of("-m takes a number of cores, 0 or more; got " + rMax);
        if (rImpatient < 0)
            return Optional.of("-i takes a number of failures, 0 (off) or more; got " + rImpatient);
        if (sliceUs != null && (sliceUs < 1 || sliceUs > maxUs))
            return Optional.of("-s takes a slice of 1 to " + maxUs + " microseconds; got " + sliceUs);
        return Optional.empty();
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setLong("p_remove_ns", delayUs * 1000);
        rodata.setLong("r_max", rMax);
        rodata.setLong("r_impatient", rImpatient);
        rodata.setLong("slice_ns", sliceUs != null ? sliceUs * 1000 : kernel.value("SCX_SLICE_DFL"));
        rodata.setBoolean("find_fully_idle", findFullyIdle);
        rodata.setLong("sampling_cadence_ns", CADENCE.toNanos());
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return NestStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_nest";
    }

    @Override
    public Duration reportInterval() {
        return CADENCE;
    }

    @Override
    public String report(BpfObject loaded) {
        return NestStats.read(loaded).report();
    }
}
