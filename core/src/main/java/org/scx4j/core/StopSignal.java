package org.scx4j.core;

import java.util.concurrent.locks.LockSupport;
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

    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private volatile String received;
    /** The thread in {@link #await}, which a request wakes. */
    private volatile Thread waiting;

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
        Thread t = waiting;
        if (t != null) LockSupport.unpark(t);
    }

    boolean requested() {
        return received != null;
    }

    /** Which signal asked to stop, e.g. {@code SIGINT}. */
    String received() {
        return received;
    }

    /**
     * Waits up to {@code nanos}; true when a stop was requested. A bare park: under
     * emulation a monitoring loop's wake through a latch cost a quarter more CPU.
     */
    boolean await(long nanos) {
        waiting = Thread.currentThread();
        // A request after this check unparks this thread; one before it is seen here.
        if (received == null) LockSupport.parkNanos(this, nanos);
        waiting = null;
        if (Thread.interrupted()) request("interrupt");
        return requested();
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
}
