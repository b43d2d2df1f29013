package org.scx4j.jmh;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * libbpf's own ring buffer consumer ({@code ring_buffer__consume}) calling back into Java
 * once per record: the baseline the in-place {@code RingBufferReader} is measured against.
 */
final class LibbpfRingBuffer implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBBPF = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
    private static final MethodHandle NEW = LINKER.downcallHandle(LIBBPF.find("ring_buffer__new").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle CONSUME = LINKER.downcallHandle(LIBBPF.find("ring_buffer__consume").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FREE = LINKER.downcallHandle(LIBBPF.find("ring_buffer__free").orElseThrow(),
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MemorySegment CALLBACK;
    private static long sum; // what the callback reads, so the reads cannot be dropped

    static {
        try {
            MethodHandle onSample = MethodHandles.lookup().findStatic(LibbpfRingBuffer.class, "onSample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class));
            CALLBACK = LINKER.upcallStub(onSample, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment rb;

    LibbpfRingBuffer(int mapFd) {
        try {
            rb = (MemorySegment) NEW.invokeExact(mapFd, CALLBACK, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rb.equals(MemorySegment.NULL)) throw new IllegalStateException("ring_buffer__new failed");
    }

    private static int onSample(MemorySegment ctx, MemorySegment data, long size) {
        MemorySegment record = data.reinterpret(size);
        sum += record.get(JAVA_INT, RingBench.SEQ) + record.get(JAVA_LONG, RingBench.CHECKSUM);
        return 0;
    }

    /** Consumes every available record with one Java upcall each; returns how many. */
    int consume() {
        try {
            return (int) CONSUME.invokeExact(rb);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long sum() {
        return sum;
    }

    @Override
    public void close() {
        try {
            FREE.invokeExact(rb);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
