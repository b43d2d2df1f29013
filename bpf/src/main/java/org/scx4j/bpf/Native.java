package org.scx4j.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Creates the downcall handles for libbpf and libc once, and captures errno at the call,
 * because libbpf reports pointer-returning failures only through errno and the JVM may
 * clobber it right after the call returns. A missing libbpf never fails class loading:
 * its handles throw an exception saying what to install.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** Why libbpf cannot be used, or null; class loading never fails, so every use can say why. */
    static final String LIBBPF_PROBLEM;
    private static final SymbolLookup LIBBPF;
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    static {
        SymbolLookup lookup = name -> java.util.Optional.empty();
        String problem = null;
        try {
            lookup = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            problem = "libbpf.so.1 (libbpf 1.4 or newer) is not installed: run scripts/setup";
        }
        LIBBPF = lookup;
        LIBBPF_PROBLEM = problem;
    }

    private Native() {}

    /** A libbpf function; when libbpf or the symbol is missing, a handle that throws why. */
    static MethodHandle bpf(String name, FunctionDescriptor fd) {
        return bpf(name, fd, false);
    }

    /** A libbpf function whose errno is captured into a leading segment argument. */
    static MethodHandle bpfErrno(String name, FunctionDescriptor fd) {
        return bpf(name, fd, true);
    }

    private static MethodHandle bpf(String name, FunctionDescriptor fd, boolean errno) {
        var symbol = LIBBPF.find(name);
        if (symbol.isPresent())
            return errno ? LINKER.downcallHandle(symbol.get(), fd, CAPTURE_ERRNO) : LINKER.downcallHandle(symbol.get(), fd);
        MethodType type = fd.toMethodType();
        if (errno) type = type.insertParameterTypes(0, MemorySegment.class);
        String why = LIBBPF_PROBLEM != null ? LIBBPF_PROBLEM
                : "libbpf.so.1 has no " + name + ": libbpf 1.4 or newer is required; run scripts/setup";
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), IllegalStateException.class)
                .bindTo(new IllegalStateException(why));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }

    /** A libc function. */
    static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(name), fd);
    }

    static MethodHandle libcErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(name), fd, CAPTURE_ERRNO);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
    }

    /** Rethrows what a downcall threw; downcalls only throw unchecked errors. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
