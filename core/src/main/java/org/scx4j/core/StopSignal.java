package org.scx4j.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM turned into a request the monitoring loop sees, so Ctrl-C detaches
 * the scheduler cleanly and the process exits 0 instead of the JVM's 130. Installed for
 * the life of a run, also over a signal the process inherited as ignored
 * ({@link InheritedSignals}); closing puts the previous handlers back. A launcher installs
 * it first thing ({@link #installEarly}): a start takes seconds, and a signal that arrives
 * before the handler exists is lost when the shell started the process with it ignored.
 */
final class StopSignal implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private static final int[] NUMBERS = {InheritedSignals.SIGINT, InheritedSignals.SIGTERM};

    private final CountDownLatch requested = new CountDownLatch(1);
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private volatile String received;

    private static StopSignal early;

    private StopSignal() {}

    /** Installs the handlers now, for the run that follows in this process. */
    static synchronized void installEarly() {
        if (early == null) early = create();
    }

    /** Puts back what was there before {@link #installEarly}, for a command that does not run a scheduler. */
    static synchronized void releaseEarly() {
        if (early != null) early.close();
        early = null;
    }

    /** The handlers installed early, or new ones; the caller closes them. */
    static synchronized StopSignal install() {
        StopSignal s = early != null ? early : create();
        early = null;
        return s;
    }

    private static StopSignal create() {
        StopSignal s = new StopSignal();
        for (int i = 0; i < SIGNALS.length; i++) {
            String name = SIGNALS[i];
            InheritedSignals.restoreIfIgnored(NUMBERS[i]);
            s.previous[i] = Signal.handle(new Signal(name), sig -> s.request("SIG" + name));
        }
        return s;
    }

    void request(String why) {
        if (received == null) received = why;
        requested.countDown();
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Which signal asked to stop, e.g. {@code SIGINT}. */
    String received() {
        return received;
    }

    /** Waits up to {@code d}; true when a stop was requested. */
    boolean await(Duration d) {
        try {
            return requested.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request("interrupt");
            return true;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
}
