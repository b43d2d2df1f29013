package org.scx4j.schedulers.rusty;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.scx4j.bpf.GlobalData;
import org.scx4j.schedulers.CpuUtilization;
import org.scx4j.schedulers.idle.IdleTopology;

/**
 * scx_rusty's fast loop (every {@code -I}): each domain's busy share of its CPUs since the
 * last step, from {@code /proc/stat}. A domain below {@code -D} lends its idle CPUs to waking
 * tasks of other domains, one below {@code -K} has its idle CPUs kicked to steal; the slice is
 * {@code -o} once every CPU is busy, {@code -u} before. Written into the BPF side's
 * {@code .bss}; the masks only when they change.
 */
final class Tuner {
    private static final int WORDS = IdleTopology.MAX_CPUS / 64;

    private final Domains domains;
    private final int nrCpuIds;
    private final double directUnder, kickUnder;
    private final long underutilSliceNs, overutilSliceNs;
    private final long[] direct = new long[WORDS], kick = new long[WORDS];
    private final long[] lastDirect = new long[WORDS], lastKick = new long[WORDS];
    private final CpuUtilization.Sampler sampler;
    private long[][] before, now;
    private volatile double cpuBusy;

    /** {@code directUnder} and {@code kickUnder} are shares (0..1; 1 or more: always). */
    Tuner(Domains domains, int nrCpuIds, double directUnder, double kickUnder, long underutilSliceNs, long overutilSliceNs) {
        this.domains = domains;
        this.nrCpuIds = nrCpuIds;
        this.directUnder = directUnder;
        this.kickUnder = kickUnder;
        this.underutilSliceNs = underutilSliceNs;
        this.overutilSliceNs = overutilSliceNs;
        this.sampler = new CpuUtilization.Sampler(nrCpuIds);
        this.before = sampler.sample(CpuUtilization.rows(nrCpuIds));
        this.now = CpuUtilization.rows(nrCpuIds);
        Arrays.fill(lastDirect, -1); // the first step always writes
    }

    void step(GlobalData bss) {
        long[] busy = CpuUtilization.busyBetween(before, sampler.sample(now));
        Arrays.fill(direct, 0);
        Arrays.fill(kick, 0);
        long total = 0;
        int cpus = 0;
        for (int d = 0; d < domains.size(); d++) {
            long sum = 0;
            int n = 0;
            for (int cpu : domains.cpus().get(d)) {
                if (!CpuUtilization.online(now, cpu)) continue;
                sum += busy[cpu];
                n++;
            }
            total += sum;
            cpus += n;
            double util = n == 0 ? 0 : sum / (1024.0 * n);
            if (directUnder >= 1 || util < directUnder) setAll(direct, d);
            if (kickUnder >= 1 || util < kickUnder) setAll(kick, d);
        }
        double avg = cpus == 0 ? 0 : total / (1024.0 * cpus);
        cpuBusy = avg * 100;
        bss.setLong("slice_ns", avg >= 0.99999 ? overutilSliceNs : underutilSliceNs);
        if (!Arrays.equals(direct, lastDirect) || !Arrays.equals(kick, lastKick)) {
            var directSeg = bss.segment("direct_greedy_cpus");
            var kickSeg = bss.segment("kick_greedy_cpus");
            for (int w = 0; w < WORDS; w++) {
                directSeg.setAtIndex(ValueLayout.JAVA_LONG, w, direct[w]);
                kickSeg.setAtIndex(ValueLayout.JAVA_LONG, w, kick[w]);
            }
            System.arraycopy(direct, 0, lastDirect, 0, WORDS);
            System.arraycopy(kick, 0, lastKick, 0, WORDS);
            bss.setLong("tune_gen", bss.getLong("tune_gen") + 1);
        }
        long[][] last = before; // the two samples' rows trade places
        before = now;
        now = last;
    }

    /** Busy share of all online CPUs at the last step, in percent. */
    double cpuBusy() {
        return cpuBusy;
    }

    private void setAll(long[] words, int dom) {
        for (int cpu : domains.cpus().get(dom)) if (cpu < nrCpuIds) words[cpu / 64] |= 1L << (cpu % 64);
    }
}
