package org.scx4j.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Time since this process started, not since {@code main}: what a user waits for after
 * typing the command, JVM start and class loading included. "attached in" counts from
 * here, and {@code -v} prints each step's mark, so start-up costs are seen where they are.
 */
public final class StartupClock {
    private static final long STARTED = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElseGet(System::currentTimeMillis);
    /** Each step's time and name, formatted only when printed ({@code -v}): a start without it prints none. */
    private static final List<Mark> MARKS = new ArrayList<>();

    private record Mark(long at, String step) {}

    private StartupClock() {}

    /** Milliseconds since the process started. */
    public static long millis() {
        return System.currentTimeMillis() - STARTED;
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
