package org.scx4j.core.topology;

import java.util.Arrays;

/**
 * The kernel's cpulist text ({@code %*pbl}, as in {@code cpulist} files and the
 * {@code possible}/{@code online} files): comma-separated ids and ranges, with the
 * optional stride suffix {@code :used/group} that the kernel's parser accepts.
 */
final class CpuListFormat {

    private static final String EXAMPLE = "expected a cpulist like 0-3,8,10-11";

    private CpuListFormat() {
    }

    static CpuMask parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cpulist is missing: " + EXAMPLE);
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return CpuMask.empty();
        }
        long[] words = new long[0];
        for (String item : s.split(",", -1)) {
            String t = item.strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("cpulist '" + s + "' has an empty item: " + EXAMPLE);
            }
            int used = 1;
            int group = 1;
            int colon = t.indexOf(':');
            String range = t;
            if (colon >= 0) {
                String stride = t.substring(colon + 1);
                int slash = stride.indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("cpulist item '" + t + "' has ':' without '/': the stride form is FIRST-LAST:USED/GROUP, e.g. 0-15:2/4");
                }
                used = number(stride.substring(0, slash), t, s);
                group = number(stride.substring(slash + 1), t, s);
                if (used < 1 || group < 1 || used > group) {
                    throw new IllegalArgumentException("cpulist item '" + t + "' needs 1 <= USED <= GROUP in :USED/GROUP");
                }
                range = t.substring(0, colon);
                if (range.indexOf('-') < 0) {
                    throw new IllegalArgumentException("cpulist item '" + t + "' has a stride but no range: write FIRST-LAST:USED/GROUP");
                }
            }
            int dash = range.indexOf('-', 1);
            int first = number(dash < 0 ? range : range.substring(0, dash), t, s);
            int last = dash < 0 ? first : number(range.substring(dash + 1), t, s);
            if (first > last) {
                throw new IllegalArgumentException("cpulist item '" + t + "' is a reversed range: write the lower id first");
            }
            if (words.length <= last >> 6) {
                words = Arrays.copyOf(words, (last >> 6) + 1);
            }
            for (int cpu = first; cpu <= last; cpu++) {
                if ((cpu - first) % group < used) {
                    words[cpu >> 6] |= 1L << cpu;
                }
            }
        }
        return CpuMask.fromWords(words);
    }

    private static int number(String digits, String item, String whole) {
        String d = digits.strip();
        if (d.isEmpty() || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + d + "' in cpulist item '" + item + "' of '" + whole
                    + "' is not a CPU number: " + EXAMPLE);
        }
        if (d.length() > 9 || Integer.parseInt(d) >= CpuMask.MAX_CPUS) {
            throw new IllegalArgumentException("CPU id " + d + " in cpulist '" + whole + "' is out of range: ids run from 0 to "
                    + (CpuMask.MAX_CPUS - 1));
        }
        return Integer.parseInt(d);
    }

    static String format(CpuMask mask) {
        StringBuilder out = new StringBuilder();
        int cpu = mask.nextCpu(0);
        while (cpu >= 0) {
            int end = cpu;
            while (mask.contains(end + 1)) {
                end++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(cpu);
            if (end > cpu) {
                out.append('-').append(end);
            }
            cpu = mask.nextCpu(end + 1);
        }
        return out.toString();
    }
}
