package org.scx4j.schedulers.prev;

import java.time.Duration;
import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.core.stats.MetricSet;
import org.scx4j.schedulers.BpfSchedulerCommand;
import org.scx4j.schedulers.IntervalOption;
import org.scx4j.schedulers.SchedulerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * scx_prev: a waking task goes to its previous CPU when that is idle, else to any idle CPU,
 * else to the kernel's global queue. The policy is all in {@code scx_prev.bpf.c}; this
 * class is its options and its counters line.
 */
@Command(name = "scx_prev", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A variation on scx_simple whose CPU selection prefers an idle previous CPU over any other idle CPU.",
            "Prints local= select_fail= prev_cpu= idle_cpu= every -i seconds; Ctrl-C stops it."})
public final class ScxPrev extends BpfSchedulerCommand {

    @Mixin
    IntervalOption interval = new IntervalOption(); // here, not by picocli: see DefaultsStart

    @Override
    protected MetricSet metrics() {
        return PrevStats.METRICS;
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return PrevStats.read(loaded).values();
    }

    @Override
    public String name() {
        return "scx_prev";
    }

    @Override
    public Duration reportInterval() {
        return interval.interval();
    }

    @Override
    public String report(BpfObject loaded) {
        return PrevStats.read(loaded).line();
    }
}
