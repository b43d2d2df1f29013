package org.scx4j.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The VM tests' one way to wait for a guest: poll a value until it is the one wanted, within a bound. */
public final class Await {
    private Await() {}

    /**
     * Returns the first value of {@code probe} that {@code wanted} accepts, polling every
     * {@code every}. Fails after {@code within}, or as soon as {@code gone} is true (what
     * was awaited ended, so the value can no longer come). {@code what} names the wait and
     * is read only on failure, so it can show the latest output.
     */
    public static <T> T until(Supplier<T> probe, Predicate<? super T> wanted, BooleanSupplier gone, Duration within,
            Duration every, Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = probe.get();
            if (wanted.test(value)) return value;
            if (gone.getAsBoolean()) throw new AssertionError("ended while waiting for " + what.get() + lastSeen(value));
            if (System.nanoTime() > deadline)
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what.get() + lastSeen(value));
            GuestScheduler.sleep(every.toMillis());
        }
    }

    private static String lastSeen(Object value) {
        String seen = String.valueOf(value);
        return "\nlast seen: " + (seen.length() > 300 ? seen.substring(0, 300) + "..." : seen);
    }

    /** {@link #until(Supplier, Predicate, BooleanSupplier, Duration, Duration, Supplier)} for what cannot end. */
    public static <T> T until(Supplier<T> probe, Predicate<? super T> wanted, Duration within, Duration every,
            Supplier<String> what) {
        return until(probe, wanted, () -> false, within, every, what);
    }
}
