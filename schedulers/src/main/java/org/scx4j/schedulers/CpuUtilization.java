package org.scx4j.schedulers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Each CPU's utilization between two {@code /proc/stat} samples, in 1024ths of the first
 * eight time fields (user .. steal): user time (user + nice) as upstream scx_cosmos measures
 * it, or busy time (all but idle and iowait) as upstream scx_rusty does. A sample is one row
 * per CPU id, {user + nice, total, idle + iowait}; a CPU without a line (offline) has a
 * negative total, and its utilization reads 0.
 *
 * <p>A {@link Sampler} is polled many times a second by the schedulers' Java loops, which run
 * interpreted: it reads only the per-CPU lines at the top of the file, into one buffer, and
 * parses their bytes without making strings.
 */
public final class CpuUtilization {
    private CpuUtilization() {}

    /** Samples this machine's {@code /proc/stat} into rows it is given (no allocation per sample). */
    public static final class Sampler {
        private final byte[] buf;
        private RandomAccessFile file;

        public Sampler(int nrCpus) {
            buf = new byte[256 * (nrCpus + 1)]; // the aggregate line and one per CPU, 20 digits a field at most
        }

        /** Fills {@code into} (one row of 3 per CPU id); every CPU offline if the file cannot be read. */
        public long[][] sample(long[][] into) {
            int n = 0;
            try {
                if (file == null) file = new RandomAccessFile("/proc/stat", "r");
                file.seek(0); // a seq_file: reading from 0 again makes it anew
                for (int r; n < buf.length && (r = file.read(buf, n, buf.length - n)) > 0; ) n += r;
            } catch (IOException e) {
                n = 0;
                file = null;
            }
            return parse(buf, n, into);
        }
    }

    /** A sample's rows for CPU ids below {@code nrCpus}. */
    public static long[][] rows(int nrCpus) {
        return new long[nrCpus][3];
    }

    /** Whether the CPU had a line in the sample. */
    public static boolean online(long[][] sample, int cpu) {
        return cpu < sample.length && sample[cpu][1] >= 0;
    }

    /** {@link #parse(byte[], int, long[][])} of a whole file's text, into new rows. */
    public static long[][] parse(String procStat, int nrCpus) {
        byte[] b = procStat.getBytes(StandardCharsets.US_ASCII);
        return parse(b, b.length, rows(nrCpus));
    }

    /** Fills {@code into} from the complete {@code cpuN} lines in the first {@code len} bytes; stops at the first other line. */
    public static long[][] parse(byte[] b, int len, long[][] into) {
        for (long[] row : into) row[1] = -1;
        int i = 0;
        while (i + 3 < len && b[i] == 'c' && b[i + 1] == 'p' && b[i + 2] == 'u') {
            int end = i;
            while (end < len && b[end] != '\n') end++;
            if (end == len) break; // cut off by the buffer
            parseLine(b, i + 3, end, into);
            i = end + 1;
        }
        return into;
    }

    private static void parseLine(byte[] b, int i, int end, long[][] into) {
        if (b[i] < '0' || b[i] > '9') return; // the aggregate "cpu " line
        int cpu = 0;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) cpu = cpu * 10 + b[i] - '0';
        if (cpu >= into.length) return;
        long user = 0, total = 0, idle = 0;
        for (int field = 1; field <= 8; field++) {
            while (i < end && b[i] == ' ') i++;
            if (i == end) {
                if (field < 5) return; // not a line of times
                break;
            }
            long v = 0;
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) v = v * 10 + b[i] - '0';
            total += v;
            if (field <= 2) user += v;
            if (field == 4 || field == 5) idle += v;
        }
        long[] row = into[cpu];
        row[0] = user;
        row[1] = total;
        row[2] = idle;
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
            if (!online(before, cpu) || !online(after, cpu)) continue;
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
