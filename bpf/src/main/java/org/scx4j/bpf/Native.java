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
 * Calls into libbpf and libc, capturing errno at every call, because libbpf reports
 * pointer-returning failures only through errno and the JVM may clobber it right after the
 * call returns: {@link #errno()} is the one the calling thread's last call left. A missing
 * libbpf never fails class loading: calling one of its functions then throws an exception
 * saying what to install.
 *
 * <p>Every function the binding calls takes at most six integer or pointer arguments and
 * returns an integer, a pointer or nothing. On the 64-bit Linux calling conventions
 * (x86-64 System V, AArch64) all of those travel in the same registers, so one downcall
 * shape, six {@code long}s in and a {@code long} out, serves them all: a callee reads only
 * the registers it declares (an {@code int} from the low half), and the caller narrows a
 * result to the type the C function returns. FFM generates the classes of a downcall shape
 * at run time, interpreted, a tenth of a second or more each under emulation; with one
 * shape, errno always captured, a start makes one instead of one per C signature. Pointers
 * are passed as addresses: callers keep the memory alive across the call, as their arenas do.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** (function address, errno capture, six arguments) -> result. */
    private static final MethodHandle CALL = LINKER.downcallHandle(
            FunctionDescriptor.of(LONG, LONG, LONG, LONG, LONG, LONG, LONG), Linker.Option.captureCallState("errno"));
    /** Where each thread's calls leave errno, read back on the same thread before its next call. */
    private static final ThreadLocal<MemorySegment> CAPTURED = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    /** Why libbpf cannot be used, or null; class loading never fails, so every use can say why. */
    static final String LIBBPF_PROBLEM;
    private static final SymbolLookup LIBBPF;
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    static {
        SymbolLookup lookup = name -> java.util.Optional.empty();
        String problem = null;
        String library = LibbpfLibrary.toLoad();
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            problem = library.equals(LibbpfLibrary.FILE)
                    ? "libbpf.so.1 (libbpf 1.4 or newer) is not installed: run scripts/setup"
                    : "cannot load " + library + " (" + LibbpfLibrary.PROPERTY + "): " + e.getMessage() + "; reinstall with scx4j install";
        }
        LIBBPF = lookup;
        LIBBPF_PROBLEM = problem;
    }

    /** A C function: its address, or why it cannot be called. */
    record Fn(String name, MemorySegment address, String missing) {
        MemorySegment target() {
            if (address == null) throw new IllegalStateException(missing);
            return address;
        }
    }

    private Native() {}

    /**
     * Links the downcall (this class's initialization), then does once what every start does
     * next, so the method handles and classes generated on first use are ready: memory
     * accesses, a first call (libc's, in {@link Libc}'s initialization: libbpf's would log
     * before its log is set up), a segment unmapped by its arena as mapped globals are, and
     * libbpf's functions looked up. For {@link BpfObject#linkAhead()}.
     */
    static void link() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16, 8);
            s.set(LONG, 0, s.get(LONG, 8));
            s.set(INT, 0, s.get(INT, 4));
            arena.allocateFrom("libbpf");
            MemorySegment.ofAddress(Libc.PAGE_SIZE).reinterpret(8, arena, unused -> {});
        }
        Libbpf.resolve();
    }

    /** A libbpf function; when libbpf or the symbol is missing, calling it throws why. */
    static Fn bpf(String name) {
        var symbol = LIBBPF.find(name);
        if (symbol.isPresent()) return new Fn(name, symbol.get(), null);
        return new Fn(name, null, LIBBPF_PROBLEM != null ? LIBBPF_PROBLEM
                : "libbpf.so.1 has no " + name + ": libbpf 1.4 or newer is required; run scripts/setup");
    }

    /** A libc function. */
    static Fn libc(String name) {
        return new Fn(name, LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name)), null);
    }

    static long call(Fn f) {
        return call(f, 0, 0, 0, 0, 0, 0);
    }

    static long call(Fn f, long a) {
        return call(f, a, 0, 0, 0, 0, 0);
    }

    static long call(Fn f, long a, long b) {
        return call(f, a, b, 0, 0, 0, 0);
    }

    static long call(Fn f, long a, long b, long c) {
        return call(f, a, b, c, 0, 0, 0);
    }

    static long call(Fn f, long a, long b, long c, long d) {
        return call(f, a, b, c, d, 0, 0);
    }

    /**
     * Calls {@code f} with its arguments (integers, or pointers as addresses); narrow the
     * result to its C type. {@link #errno()} then holds the errno it left.
     */
    static long call(Fn f, long a, long b, long c, long d, long e, long g) {
        try {
            return (long) CALL.invokeExact(f.target(), CAPTURED.get(), a, b, c, d, e, g);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A pointer a C function returned, as a zero-length segment ({@link MemorySegment#NULL} for 0). */
    static MemorySegment pointer(long address) {
        return address == 0 ? MemorySegment.NULL : MemorySegment.ofAddress(address);
    }

    /** The errno this thread's last {@link #call} left (meaningful where that call failed). */
    static int errno() {
        return (int) ERRNO.get(CAPTURED.get(), 0L);
    }

    /** Rethrows what a downcall threw; downcalls only throw unchecked errors. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
