package org.scx4j.schedulers.central;

import java.util.Map;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_central's counters since it attached, as the BPF side keeps them in {@code .bss}
 * ({@code queued} is the central queue's current length, the rest are running totals).
 */
public record CentralStats(long total, long local, long queued, long lost, long timer, long dispatch, long mismatch,
        long retry, long overflow) {

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_central", "what scx_central's central CPU did",
            Metric.counter("total", "tasks", "tasks enqueued"),
            Metric.counter("local", "tasks", "per-CPU kernel threads put straight on their own CPU"),
            Metric.gauge("queued", "tasks", "tasks waiting in the central queue now"),
            Metric.counter("lost", "tasks", "queued pids whose task had exited by dispatch"),
            Metric.counter("timer", "ticks", "runs of the central CPU's preemption timer"),
            Metric.counter("dispatch", "calls", "dispatch rounds run by the central CPU"),
            Metric.counter("mismatch", "tasks", "tasks popped for a CPU they may not run on (sent to the fallback queue)"),
            Metric.counter("retry", "calls", "dispatch rounds that ran out of slots and kicked the central CPU again"),
            Metric.counter("overflow", "tasks", "tasks the full central queue could not take (sent to the fallback queue)"));

    /** Reads the counters of a loaded scx_central. */
    public static CentralStats read(BpfObject loaded) {
        GlobalData bss = loaded.bss();
        return new CentralStats(bss.getLong("nr_total"), bss.getLong("nr_locals"), bss.getLong("nr_queued"),
                bss.getLong("nr_lost_pids"), bss.getLong("nr_timers"), bss.getLong("nr_dispatches"),
                bss.getLong("nr_mismatches"), bss.getLong("nr_retries"), bss.getLong("nr_overflows"));
    }

    /** The values by metric name, for the stats server. */
    public Map<String, Long> values() {
        return Map.of("total", total, "local", local, "queued", queued, "lost", lost, "timer", timer, "dispatch", dispatch,
                "mismatch", mismatch, "retry", retry, "overflow", overflow);
    }

    /** Upstream's block of lines, numbered by {@code seq}. */
    public String lines(long seq) {
        return "[SEQ %d]%n".formatted(seq)
                + "total   :%10d    local:%10d   queued:%10d  lost:%10d%n".formatted(total, local, queued, lost)
                + "timer   :%10d dispatch:%10d mismatch:%10d retry:%10d%n".formatted(timer, dispatch, mismatch, retry)
                + "overflow:%10d".formatted(overflow);
    }
}
