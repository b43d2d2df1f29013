package org.scx4j.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Creates the downcall handles for libbpf and libc once, and captures errno at the call,
 * because libbpf reports pointer-returning failures only through errno and the JVM may
 * clobber it right after the call returns.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static final SymbolLookup LIBBPF = openLibbpf();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private Native() {}

    private static SymbolLookup openLibbpf() {
        try {
            return SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("libbpf.so.1 (libbpf 1.4 or newer) is not installed: run scripts/setup", e);
        }
    }

    /** A libbpf function. */
    static MethodHandle bpf(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(find(LIBBPF, name), fd, options);
    }

    /** A libbpf function whose errno is captured into a leading segment argument. */
    static MethodHandle bpfErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(LIBBPF, name), fd, CAPTURE_ERRNO);
    }

    /** A libc function. */
    static MethodHandle libc(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(find(LIBC, name), fd, options);
    }

    static MethodHandle libcErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(LIBC, name), fd, CAPTURE_ERRNO);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(
                "symbol " + name + " not found in libbpf/libc: libbpf 1.4 or newer is required; run scripts/setup"));
    }

    /** Rethrows what a downcall threw; downcalls only throw unchecked errors. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
