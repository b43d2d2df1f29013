package org.scx4j.cli;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import org.scx4j.core.InheritedSignals;
import sun.misc.Signal;

/**
 * How a command that runs no scheduler ({@code try}, {@code bench}, {@code vm}) ends on
 * SIGINT or SIGTERM: with the JVM's usual 128 + the signal's number, its shutdown hooks
 * stopping any VM it started, also when a script started it in the background with SIGINT
 * ignored. Its output ends with the signal: what the main thread would go on printing while
 * the hooks tear the VM down (a step failing because qemu is gone) would only mislead.
 */
final class ToolSignals {
    private static final int STDOUT = 1, STDERR = 2, O_WRONLY = 1;

    private ToolSignals() {}

    static void exitOnStop() {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            InheritedSignals.restoreIfIgnored(signal.getNumber());
            Signal.handle(signal, ToolSignals::exit);
        }
    }

    private static void exit(Signal signal) {
        if (System.console() != null) System.err.println(); // past a progress line rewritten in place
        System.out.flush();
        System.err.flush();
        silenceOutput();
        System.exit(128 + signal.getNumber());
    }

    /**
     * Points standard output and error at /dev/null, for every stream that writes to them,
     * including those made before the signal. Linked here, when needed: a start never pays for it.
     */
    private static void silenceOutput() {
        Linker linker = Linker.nativeLinker();
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
        MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int devNull = (int) open.invokeExact(arena.allocateFrom("/dev/null"), O_WRONLY);
            if (devNull < 0) return; // then the output goes on: misleading, but harmless
            int out = (int) dup2.invokeExact(devNull, STDOUT);
            int err = (int) dup2.invokeExact(devNull, STDERR);
        } catch (Throwable t) {
            // as above
        }
    }
}
