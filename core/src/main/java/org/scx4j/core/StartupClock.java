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
    private static final List<String> MARKS = new ArrayList<>();
    private static long last;

    private StartupClock() {}

    /** Milliseconds since the process started. */
    public static long millis() {
        return System.currentTimeMillis() - STARTED;
    }

    /** Notes that {@code step} is done now. */
    public static synchronized void mark(String step) {
        long now = millis();
        MARKS.add(String.format("%7d ms  +%6d ms  %s", now, now - last, step));
        last = now;
    }

    /** The steps marked so far, one aligned line each: time since start, since the previous step, step. */
    public static synchronized List<String> marks() {
        return List.copyOf(MARKS);
    }
}
