package org.scx4j.userspace;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The kernel's id of the calling thread ({@code gettid}), which the BPF side needs to
 * recognise the decision thread among the JVM's threads.
 */
final class ThreadId {
    private static final MethodHandle GETTID = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("gettid").orElseThrow(
                    () -> new IllegalStateException("libc has no gettid (glibc 2.30 or newer is needed)")),
            FunctionDescriptor.of(JAVA_INT));

    private ThreadId() {
    }

    static int current() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("gettid failed", t);
        }
    }
}
