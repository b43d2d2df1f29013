package org.scx4j.userspace;

import org.scx4j.bpf.GlobalData;

/**
 * What every Java scheduler reports for free, read from the BPF side's counters: tasks
 * sent to Java, decisions Java made and BPF applied, tasks BPF dispatched itself because
 * Java took longer than the bound (or the ring was full), stale and malformed decisions,
 * dispatches of the JVM's own threads and of kernel threads, and the time from enqueue to
 * an applied Java decision (average and worst) and from there to running (average).
 */
public record Counters(long queued, long userDispatched, long fallback, long ringFull, long stale,
                       long failed, long jvm, long kthread, long userLatencyAvgNs, long userLatencyMaxNs,
                       long runLatencyAvgNs, long timerKicks) {

    /** Reads the counters from the live {@code .bss} of the scheduler's object. */
    public static Counters read(GlobalData bss) {
        long user = bss.getLong("nr_user_dispatched");
        long runs = bss.getLong("nr_run_lat");
        return new Counters(
                bss.getLong("nr_queued"), user, bss.getLong("nr_fallback"), bss.getLong("nr_ring_full"),
                bss.getLong("nr_stale"), bss.getLong("nr_failed"), bss.getLong("nr_jvm"),
                bss.getLong("nr_kthread"),
                user == 0 ? 0 : bss.getLong("user_lat_sum_ns") / user, bss.getLong("user_lat_max_ns"),
                runs == 0 ? 0 : bss.getLong("run_lat_sum_ns") / runs, bss.getLong("nr_timer_kicks"));
    }

    /** One line for people, e.g. {@code queued=120 java=118 fallback=0 ...}. */
    public String line() {
        return String.format("queued=%d java=%d fallback=%d full=%d stale=%d failed=%d jvm=%d kthread=%d"
                        + " lat_avg=%dus lat_max=%dus run_avg=%dus",
                queued, userDispatched, fallback, ringFull, stale, failed, jvm, kthread,
                userLatencyAvgNs / 1000, userLatencyMaxNs / 1000, runLatencyAvgNs / 1000);
    }
}
