package org.scx4j.userspace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * What every Java scheduler reports for free, read from the BPF side's counters: tasks
 * sent to Java, decisions Java made and BPF applied, wake-ups BPF ran at once on Java's
 * wake grants, preemptions skipped so that a task keeps the tenth of a slice it is owed
 * after a synchronous wake-up, tasks BPF dispatched itself because Java took longer than
 * the bound (or the ring was full), stale and malformed decisions, dispatches of the JVM's own threads
 * and of kernel threads, slices BPF renewed because nothing else waited when they ended,
 * wake-ups of the decision loop that waited for its CPU's next switch because no woken task
 * waited for Java, and the time from enqueue to an applied Java decision (average
 * and worst) and from there to running (average); and two gauges of the present state:
 * the tasks that hold a wake grant, and the depth of the shared queue of Java's decisions.
 */
public record Counters(long queued, long userDispatched, long granted, long spared, long fallback, long ringFull, long stale,
                       long failed, long jvm, long kthread, long kept, long deferred, long userLatencyAvgNs, long userLatencyMaxNs,
                       long runLatencyAvgNs, long timerKicks, long grants, long sharedDepth) {

    /** Reads the counters from the live {@code .bss} of the scheduler's object. */
    public static Counters read(GlobalData bss) {
        long user = bss.getLong("nr_user_dispatched");
        long runs = bss.getLong("nr_run_lat");
        return new Counters(
                bss.getLong("nr_queued"), user, bss.getLong("nr_granted"), bss.getLong("nr_spared"), bss.getLong("nr_fallback"),
                bss.getLong("nr_ring_full"), bss.getLong("nr_stale"), bss.getLong("nr_failed"), bss.getLong("nr_jvm"),
                bss.getLong("nr_kthread"), bss.getLong("nr_kept"), bss.getLong("nr_deferred"),
                user == 0 ? 0 : bss.getLong("user_lat_sum_ns") / user, bss.getLong("user_lat_max_ns"),
                runs == 0 ? 0 : bss.getLong("run_lat_sum_ns") / runs, bss.getLong("nr_timer_kicks"),
                bss.getLong("nr_grants"), bss.getLong("shared_depth"));
    }

    /** These counters as metrics for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static MetricSet metrics(String schedulerName) {
        return MetricSet.of(schedulerName, "the Java-policy framework's counters",
                Metric.counter("queued", "tasks", "tasks sent to Java for a decision"),
                Metric.counter("java", "tasks", "Java decisions BPF applied"),
                Metric.counter("granted", "tasks", "wake-ups BPF ran at once on the wake grant of Java's last decision"),
                Metric.counter("spared", "preemptions", "preemptions skipped after a synchronous wake-up: a task that got its CPU under a tenth of a slice ago ran on (a grant, a decision or the decision loop waited)"),
                Metric.counter("fallback", "tasks", "tasks BPF dispatched itself because Java took longer than the bound"),
                Metric.counter("full", "tasks", "tasks BPF dispatched itself because the ring to Java was full"),
                Metric.counter("stale", "decisions", "Java decisions dropped because the task had moved on"),
                Metric.counter("failed", "decisions", "malformed Java decisions"),
                Metric.counter("jvm", "tasks", "dispatches of the JVM's own threads, done by BPF"),
                Metric.counter("kthread", "tasks", "dispatches of kernel threads, done by BPF"),
                Metric.counter("kept", "slices", "slices BPF renewed as they ended because no other task waited for the CPU"),
                Metric.counter("deferred", "wake-ups", "wake-ups of the decision loop that waited for its CPU's next switch instead of preempting it: no woken task waited for Java, only tasks that had been running"),
                Metric.gauge("lat_avg_us", "us", "average time from enqueue to an applied Java decision, since attach"),
                Metric.gauge("lat_max_us", "us", "worst time from enqueue to an applied Java decision, since attach"),
                Metric.gauge("run_avg_us", "us", "average time from an applied decision to running, since attach"),
                Metric.gauge("grants", "tasks", "tasks holding a wake grant now (they preempt a CPU hog when they wake)"),
                Metric.gauge("shared_depth", "tasks", "tasks waiting in the shared queue of Java's decisions (sampled every 5 ms)"));
    }

    /** The values by metric name (see {@link #metrics}), counters as running totals. */
    public Map<String, Long> values() {
        var v = new LinkedHashMap<String, Long>();
        v.put("queued", queued);
        v.put("java", userDispatched);
        v.put("granted", granted);
        v.put("spared", spared);
        v.put("fallback", fallback);
        v.put("full", ringFull);
        v.put("stale", stale);
        v.put("failed", failed);
        v.put("jvm", jvm);
        v.put("kthread", kthread);
        v.put("kept", kept);
        v.put("deferred", deferred);
        v.put("lat_avg_us", userLatencyAvgNs / 1000);
        v.put("lat_max_us", userLatencyMaxNs / 1000);
        v.put("run_avg_us", runLatencyAvgNs / 1000);
        v.put("grants", grants);
        v.put("shared_depth", sharedDepth);
        return v;
    }

    /** One line for people, e.g. {@code queued=120 java=118 fallback=0 ...}. */
    public String line() {
        return String.format("queued=%d java=%d granted=%d spared=%d fallback=%d full=%d stale=%d failed=%d jvm=%d kthread=%d"
                        + " kept=%d deferred=%d lat_avg=%dus lat_max=%dus run_avg=%dus grants=%d depth=%d",
                queued, userDispatched, granted, spared, fallback, ringFull, stale, failed, jvm, kthread, kept, deferred,
                userLatencyAvgNs / 1000, userLatencyMaxNs / 1000, runLatencyAvgNs / 1000, grants, sharedDepth);
    }
}
