package org.scx4j.schedulers.qmap;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.Metric;
import org.scx4j.core.stats.MetricSet;

/**
 * scx_qmap's counters (running totals since it attached) and its CPU performance levels,
 * as the BPF side keeps them in {@code .bss}; printed each second in upstream's three lines
 * and served on the stats socket.
 */
public record QmapStats(long enq, long dsp, long reenq, long deq, long core, long enqDdsp, long expLocal,
        long expRemote, long expTimer, long expLost, int[] cpuperf) {

    /** {@code .bss} names of the counters, in record order. */
    private static final String[] COUNTERS = {"nr_enqueued", "nr_dispatched", "nr_reenqueued", "nr_dequeued",
        "nr_core_sched_execed", "nr_ddsp_from_enq", "nr_expedited_local", "nr_expedited_remote",
        "nr_expedited_from_timer", "nr_expedited_lost"};
    private static final String[] CPUPERF = {"cpuperf_min", "cpuperf_avg", "cpuperf_max", "cpuperf_target_min",
        "cpuperf_target_avg", "cpuperf_target_max"};

    /** The metrics as declared once for the stats socket, {@code --help-stats} and {@code --stats}. */
    public static final MetricSet METRICS = MetricSet.of("scx_qmap", "scx_qmap's queues and dispatches",
            Metric.counter("enq", "tasks", "tasks queued on one of the five FIFOs"),
            Metric.counter("dsp", "tasks", "tasks taken from the FIFOs into the shared DSQ"),
            Metric.gauge("delta", "tasks", "enq - dsp: tasks still in the FIFOs (or left there by a dequeue)"),
            Metric.counter("reenq", "tasks", "tasks sent back through enqueue after a higher class took their CPU"),
            Metric.counter("deq", "tasks", "tasks dequeued while BPF held them"),
            Metric.counter("core", "tasks", "dequeues by core scheduling picking a task for an SMT sibling"),
            Metric.counter("enq_ddsp", "tasks", "tasks sent from enqueue straight to an idle CPU"),
            Metric.counter("exp_local", "tasks", "boosted tasks (-H) run on the CPU that found them"),
            Metric.counter("exp_remote", "tasks", "boosted tasks (-H) sent to another CPU"),
            Metric.counter("exp_timer", "tasks", "boosted tasks (-H) sent by the once-a-second timer"),
            Metric.counter("exp_lost", "tasks", "boosted tasks (-H) that could not be moved"),
            Metric.gauge("cpuperf_avg", "1/1024", "CPU performance level, capacity-weighted average"),
            Metric.gauge("cpuperf_target_avg", "1/1024", "CPU performance target from the weights run, average"));

    /** Reads the counters of a loaded scx_qmap from its {@code .bss}. */
    public static QmapStats read(GlobalData bss) {
        long[] c = new long[COUNTERS.length];
        for (int i = 0; i < c.length; i++) c[i] = bss.getLong(COUNTERS[i]);
        int[] perf = new int[CPUPERF.length];
        for (int i = 0; i < perf.length; i++) perf[i] = bss.getInt(CPUPERF[i]);
        return new QmapStats(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], perf);
    }

    /** The values by metric name, for the stats server. */
    public Map<String, Long> values() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("enq", enq);
        v.put("dsp", dsp);
        v.put("delta", enq - dsp);
        v.put("reenq", reenq);
        v.put("deq", deq);
        v.put("core", core);
        v.put("enq_ddsp", enqDdsp);
        v.put("exp_local", expLocal);
        v.put("exp_remote", expRemote);
        v.put("exp_timer", expTimer);
        v.put("exp_lost", expLost);
        v.put("cpuperf_avg", (long) cpuperf[1]);
        v.put("cpuperf_target_avg", (long) cpuperf[4]);
        return v;
    }

    /** Upstream's once-a-second report: the queue counters, the -H counters, the performance levels. */
    public String lines() {
        return "stats  : enq=" + enq + " dsp=" + dsp + " delta=" + (enq - dsp) + " reenq=" + reenq + " deq=" + deq
                + " core=" + core + " enq_ddsp=" + enqDdsp + "\n"
                + "         exp_local=" + expLocal + " exp_remote=" + expRemote + " exp_timer=" + expTimer
                + " exp_lost=" + expLost + "\n"
                + "cpuperf: cur min/avg/max=" + cpuperf[0] + "/" + cpuperf[1] + "/" + cpuperf[2]
                + " target min/avg/max=" + cpuperf[3] + "/" + cpuperf[4] + "/" + cpuperf[5];
    }
}
