package org.scx4j.schedulers.cosmos;

import java.util.Arrays;

/**
 * Each CPU's user utilization between two {@code /proc/stat} samples, as upstream scx_cosmos
 * measures it: (user + nice) over the first eight time fields (user .. steal), in 1024ths.
 * A CPU missing from either sample (offline) reads 0.
 */
public final class CpuUtilization {
    private CpuUtilization() {}

    /** Per CPU id below {@code nrCpus}: {user + nice, total}, or null where the CPU has no line. */
    public static long[][] parse(String procStat, int nrCpus) {
        long[][] times = new long[nrCpus][];
        for (String line : procStat.split("\n")) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            int cpu;
            try {
                cpu = Integer.parseInt(f[0].substring(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (cpu >= nrCpus || f.length < 5) continue;
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
            times[cpu] = new long[] {Long.parseLong(f[1]) + Long.parseLong(f[2]), total};
        }
        return times;
    }

    /** Utilization of each CPU from {@code before} to {@code after}, 0..1024. */
    public static long[] between(long[][] before, long[][] after) {
        long[] util = new long[after.length];
        for (int cpu = 0; cpu < after.length; cpu++) {
            if (cpu >= before.length || before[cpu] == null || after[cpu] == null) continue;
            long user = after[cpu][0] - before[cpu][0], total = after[cpu][1] - before[cpu][1];
            util[cpu] = total <= 0 ? 0 : Math.min(1024, Math.max(0, Math.round(user * 1024.0 / total)));
        }
        return util;
    }

    /** The average over CPUs, for reports. */
    public static long average(long[] util) {
        return util.length == 0 ? 0 : Arrays.stream(util).sum() / util.length;
    }
}
