package org.scx4j.schedulers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Each CPU's utilization between two {@code /proc/stat} samples, in 1024ths of the first
 * eight time fields (user .. steal): user time (user + nice) as upstream scx_cosmos measures
 * it, or busy time (all but idle and iowait) as upstream scx_rusty does. A CPU missing from
 * either sample (offline) reads 0.
 */
public final class CpuUtilization {
    private CpuUtilization() {}

    /** This machine's {@link #parse parsed} {@code /proc/stat} now; no CPU has a line if it cannot be read. */
    public static long[][] sample(int nrCpus) {
        try {
            return parse(Files.readString(Path.of("/proc/stat")), nrCpus);
        } catch (IOException e) {
            return new long[nrCpus][];
        }
    }

    /** Per CPU id below {@code nrCpus}: {user + nice, total, idle + iowait}, or null where the CPU has no line. */
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
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            times[cpu] = new long[] {Long.parseLong(f[1]) + Long.parseLong(f[2]), total, idle};
        }
        return times;
    }

    /** User utilization of each CPU from {@code before} to {@code after}, 0..1024. */
    public static long[] between(long[][] before, long[][] after) {
        return share(before, after, false);
    }

    /** Busy utilization (anything but idle and iowait) of each CPU from {@code before} to {@code after}, 0..1024. */
    public static long[] busyBetween(long[][] before, long[][] after) {
        return share(before, after, true);
    }

    private static long[] share(long[][] before, long[][] after, boolean busy) {
        long[] util = new long[after.length];
        for (int cpu = 0; cpu < after.length; cpu++) {
            if (cpu >= before.length || before[cpu] == null || after[cpu] == null) continue;
            long total = after[cpu][1] - before[cpu][1];
            long part = busy ? total - (after[cpu][2] - before[cpu][2]) : after[cpu][0] - before[cpu][0];
            util[cpu] = total <= 0 ? 0 : Math.min(1024, Math.max(0, Math.round(part * 1024.0 / total)));
        }
        return util;
    }

    /** The average over CPUs, for reports. */
    public static long average(long[] util) {
        return util.length == 0 ? 0 : Arrays.stream(util).sum() / util.length;
    }
}
