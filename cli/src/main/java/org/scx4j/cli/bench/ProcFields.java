package org.scx4j.cli.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two {@code /proc} values a scheduler's footprint is made of, read from
 * the raw lines the guest prints: CPU time from {@code /proc/PID/stat} and
 * peak resident memory from {@code /proc/PID/status}. Parsed in Java rather
 * than in the guest's shell so the field positions are unit-tested.
 */
final class ProcFields {

    /** utime, stime, cutime and cstime are fields 14 to 17 of the stat line; field 3 (the state) follows the comm. */
    private static final int FIRST_TIME_FIELD = 14 - 3;
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s*(\\d+)\\s*kB");

    private ProcFields() {}

    /**
     * CPU time in clock ticks of a {@code /proc/PID/stat} line: the process's
     * own user and system time (all its threads) plus that of its children it
     * has waited for. The command name in parentheses may hold spaces and
     * parentheses, so fields are counted from its last closing parenthesis.
     *
     * @throws IllegalArgumentException when the line is not a stat line
     */
    static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).strip().split("\\s+");
        if (fields.length < FIRST_TIME_FIELD + 4) {
            throw new IllegalArgumentException("a /proc/PID/stat line with too few fields: " + statLine);
        }
        long ticks = 0;
        for (int i = FIRST_TIME_FIELD; i < FIRST_TIME_FIELD + 4; i++) {
            try {
                ticks += Long.parseLong(fields[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a /proc/PID/stat line whose CPU times are not numbers: " + statLine, e);
            }
        }
        return ticks;
    }

    /**
     * Peak resident memory in KiB of a {@code VmHWM:} line of {@code /proc/PID/status}.
     *
     * @throws IllegalArgumentException when the line is not one
     */
    static long peakRssKiB(String statusLine) {
        Matcher m = HWM.matcher(statusLine);
        if (!m.find()) {
            throw new IllegalArgumentException("not a VmHWM line of /proc/PID/status: " + statusLine);
        }
        return Long.parseLong(m.group(1));
    }
}
