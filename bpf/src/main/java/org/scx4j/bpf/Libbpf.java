package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;
import static org.scx4j.bpf.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The libbpf functions the binding calls, one handle each. Each handle is a constant of
 * its own holder class, so it is linked the first time it is called: a scheduler's start
 * calls about half of them, and linking a C signature costs a start tens of milliseconds
 * under emulation (FFM generates classes for it at run time; the start-up cache holds none).
 * The first use of the binding checks the version and routes libbpf's log to
 * {@link LibbpfLog}, so no libbpf message can be printed before it is captured.
 */
final class Libbpf {
    static final int MIN_MAJOR = 1, MIN_MINOR = 4;

    static final class OpenMem {
        static final MethodHandle H = Native.bpfErrno("bpf_object__open_mem",
                FunctionDescriptor.of(PTR, PTR, LONG, PTR));
    }
    static final class ObjectLoad {
        static final MethodHandle H = Native.bpf("bpf_object__load", FunctionDescriptor.of(INT, PTR));
    }
    static final class ObjectClose {
        static final MethodHandle H = Native.bpf("bpf_object__close", FunctionDescriptor.ofVoid(PTR));
    }
    static final class ObjectBtf {
        static final MethodHandle H = Native.bpf("bpf_object__btf", FunctionDescriptor.of(PTR, PTR));
    }
    static final class FindMap {
        static final MethodHandle H = Native.bpf("bpf_object__find_map_by_name", FunctionDescriptor.of(PTR, PTR, PTR));
    }
    static final class FindProgram {
        static final MethodHandle H = Native.bpf("bpf_object__find_program_by_name",
                FunctionDescriptor.of(PTR, PTR, PTR));
    }
    static final class NextMap {
        static final MethodHandle H = Native.bpf("bpf_object__next_map", FunctionDescriptor.of(PTR, PTR, PTR));
    }
    static final class MapName {
        static final MethodHandle H = Native.bpf("bpf_map__name", FunctionDescriptor.of(PTR, PTR));
    }

    static final class MapFd {
        static final MethodHandle H = Native.bpf("bpf_map__fd", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapType {
        static final MethodHandle H = Native.bpf("bpf_map__type", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapKeySize {
        static final MethodHandle H = Native.bpf("bpf_map__key_size", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapValueSize {
        static final MethodHandle H = Native.bpf("bpf_map__value_size", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapMaxEntries {
        static final MethodHandle H = Native.bpf("bpf_map__max_entries", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapInitialValue {
        static final MethodHandle H = Native.bpf("bpf_map__initial_value", FunctionDescriptor.of(PTR, PTR, PTR));
    }
    static final class MapBtfValueTypeId {
        static final MethodHandle H = Native.bpf("bpf_map__btf_value_type_id", FunctionDescriptor.of(INT, PTR));
    }
    static final class MapLookup {
        static final MethodHandle H = Native.bpf("bpf_map__lookup_elem",
                FunctionDescriptor.of(INT, PTR, PTR, LONG, PTR, LONG, LONG));
    }
    static final class MapUpdate {
        static final MethodHandle H = Native.bpf("bpf_map__update_elem",
                FunctionDescriptor.of(INT, PTR, PTR, LONG, PTR, LONG, LONG));
    }
    static final class MapDelete {
        static final MethodHandle H = Native.bpf("bpf_map__delete_elem",
                FunctionDescriptor.of(INT, PTR, PTR, LONG, LONG));
    }
    static final class MapNextKey {
        static final MethodHandle H = Native.bpf("bpf_map__get_next_key",
                FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG));
    }
    static final class AttachStructOps {
        static final MethodHandle H = Native.bpfErrno("bpf_map__attach_struct_ops", FunctionDescriptor.of(PTR, PTR));
    }
    static final class LinkDestroy {
        static final MethodHandle H = Native.bpf("bpf_link__destroy", FunctionDescriptor.of(INT, PTR));
    }

    static final class ProgFd {
        static final MethodHandle H = Native.bpf("bpf_program__fd", FunctionDescriptor.of(INT, PTR));
    }
    static final class ProgTestRun {
        static final MethodHandle H = Native.bpf("bpf_prog_test_run_opts", FunctionDescriptor.of(INT, INT, PTR));
    }

    static final class NumPossibleCpus {
        static final MethodHandle H = Native.bpf("libbpf_num_possible_cpus", FunctionDescriptor.of(INT));
    }
    static final class Strerror {
        static final MethodHandle H = Native.bpf("libbpf_strerror", FunctionDescriptor.of(INT, INT, PTR, LONG));
    }

    private static final class MajorVersion {
        static final MethodHandle H = Native.bpf("libbpf_major_version", FunctionDescriptor.of(INT));
    }
    private static final class MinorVersion {
        static final MethodHandle H = Native.bpf("libbpf_minor_version", FunctionDescriptor.of(INT));
    }
    private static volatile String version;

    private Libbpf() {}

    /**
     * "major.minor" of the loaded libbpf.so.1, after checking it is there and new enough and
     * routing its log to {@link LibbpfLog}; every entry point of the binding calls this first.
     *
     * @throws IllegalStateException saying what to install when libbpf is missing or too old
     */
    static String version() {
        String v = version;
        if (v != null) return v;
        synchronized (Libbpf.class) {
            if (version != null) return version;
            int major, minor;
            try {
                major = (int) MajorVersion.H.invokeExact();
                minor = (int) MinorVersion.H.invokeExact();
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
            if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR))
                throw new IllegalStateException("libbpf " + major + "." + minor + " is installed but scx4j needs "
                        + MIN_MAJOR + "." + MIN_MINOR + " or newer: run scripts/setup");
            LibbpfLog.install();
            return version = major + "." + minor;
        }
    }

    static int possibleCpus() {
        try {
            int n = (int) NumPossibleCpus.H.invokeExact();
            if (n <= 0) throw BpfException.of("libbpf_num_possible_cpus", n, "cannot read /sys/devices/system/cpu/possible");
            return n;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** libbpf's description of an error code (also handles libbpf's own codes from 4000). */
    static String describe(int err) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int rc = (int) Strerror.H.invokeExact(Math.abs(err), buf, 256L);
            return rc == 0 ? buf.getString(0) : "unknown error";
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A C string in the arena. */
    static MemorySegment cstring(Arena arena, String s) {
        return arena.allocateFrom(s);
    }

    static String string(MemorySegment charPtr) {
        return charPtr.equals(MemorySegment.NULL) ? null : charPtr.reinterpret(4096).getString(0);
    }
}
