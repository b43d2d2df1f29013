package org.scx4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Time since this process started, not since {@code main}: what a user waits for after
 * typing the command, JVM start and class loading included. "attached in" counts from
 * here, and {@code -v} prints each step's mark, so start-up costs are seen where they are.
 */
public final class StartupClock {
    /** Linux reports process start times in these ticks (USER_HZ, 100 on every architecture). */
    private static final int TICKS_PER_SECOND = 100;
    private static final long STARTED = startedAt("self"); // not ProcessHandle, whose setup took ~15 ms of an emulated start
    /** Each step's time and name, formatted only when printed ({@code -v}): a start without it prints none. */
    private static final List<Mark> MARKS = new ArrayList<>();

    private record Mark(long at, String step) {}

    private StartupClock() {}

    /** Milliseconds since the process started. */
    public static long millis() {
        return System.currentTimeMillis() - STARTED;
    }

    /**
     * When process {@code pid} ("self" for this one) started, in epoch milliseconds, to about 20 ms. Not
     * {@code ProcessHandle.Info.startInstant()}: that adds the start's ticks to the boot time
     * in whole seconds ({@code btime}), so it reads up to a second early.
     */
    static long startedAt(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            long now = System.currentTimeMillis();
            // The command's name may hold spaces and parentheses: the fields after it start at its last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]); // field 22, starttime: ticks since boot
            double upSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return now - Math.round(upSeconds * 1000) + startTicks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return System.currentTimeMillis(); // no /proc (the JDK's own process start reads it too): count from here
        }
    }

    /** Notes that {@code step} is done now. */
    public static synchronized void mark(String step) {
        MARKS.add(new Mark(millis(), step));
    }

    /** The steps marked so far, one aligned line each: time since start, since the previous step, step. */
    public static synchronized List<String> marks() {
        List<String> lines = new ArrayList<>();
        long last = 0;
        for (Mark m : MARKS) {
            lines.add(String.format("%7d ms  +%6d ms  %s", m.at(), m.at() - last, m.step()));
            last = m.at();
        }
        return lines;
    }
}
