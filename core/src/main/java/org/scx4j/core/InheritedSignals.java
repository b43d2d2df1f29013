package org.scx4j.core;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Undoes a signal disposition the process inherited as "ignored". A shell that starts a
 * background job without job control (a script's {@code scx_simple &}) hands it SIGINT
 * and SIGQUIT ignored, and the JVM refuses to install a handler over an ignored signal,
 * so Ctrl-C or {@code kill -INT} would never reach the scheduler. Resetting the
 * disposition to the default natively, before the handler is installed, makes the
 * scheduler stop on SIGINT however it was started, as the C schedulers do.
 */
final class InheritedSignals {
    static final int SIGINT = 2, SIGTERM = 15;
    private static final long SIG_DFL = 0, SIG_IGN = 1;
    /** glibc's struct sigaction on x86-64 is 152 bytes, its handler first; room to spare. */
    private static final long SIGACTION_SIZE = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGACTION = handle("sigaction",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SIGNAL = handle("signal",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    private InheritedSignals() {}

    /** Puts {@code signo} back to its default action if it is ignored; true when it was. */
    static boolean restoreIfIgnored(int signo) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment old = call.allocate(SIGACTION_SIZE, 8);
            if ((int) SIGACTION.invokeExact(signo, MemorySegment.NULL, old) != 0) return false;
            if (old.get(ValueLayout.JAVA_LONG, 0) != SIG_IGN) return false;
            long previous = (long) SIGNAL.invokeExact(signo, SIG_DFL);
            return previous == SIG_IGN;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read or reset the disposition of signal " + signo, t);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
    }
}
