package org.scx4j.core;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Undoes a signal disposition the process inherited as "ignored". A shell that starts a
 * background job without job control (a script's {@code scx_simple &}) hands it SIGINT
 * and SIGQUIT ignored, and the JVM refuses to install a handler over an ignored signal,
 * so Ctrl-C or {@code kill -INT} would never reach the scheduler. Resetting the
 * disposition to the default natively, before the handler is installed, makes the
 * scheduler stop on SIGINT however it was started, as the C schedulers do.
 */
public final class InheritedSignals {
    static final int SIGINT = 2, SIGTERM = 15;
    private static final long SIG_DFL = 0, SIG_IGN = 1;

    /** Linked only when a signal is ignored: linking costs an interpreted start under emulation a tenth of a second. */
    private static final class SignalCall {
        static final MethodHandle H = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("signal").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    }

    private InheritedSignals() {}

    /** Puts {@code signo} back to its default action if it is ignored; true when it was. */
    public static boolean restoreIfIgnored(int signo) {
        if (!ignored(signo)) return false;
        try {
            long previous = (long) SignalCall.H.invokeExact(signo, SIG_DFL);
            return previous == SIG_IGN;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot reset the disposition of signal " + signo, t);
        }
    }

    /**
     * Whether {@code signo} is ignored, from the kernel's mask of ignored signals (SigIgn in
     * /proc/self/status). When that cannot be read it counts as ignored: resetting a signal
     * the caller is about to handle anyway does no harm.
     */
    private static boolean ignored(int signo) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:"))
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) >>> (signo - 1) & 1) != 0;
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return true;
    }
}
