package org.scx4j.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The libbpf functions the binding calls (see {@link Native} on how they are called), and
 * the check that the loaded libbpf is new enough. The first use of the binding checks the
 * version and routes libbpf's log to {@link LibbpfLog}, so no libbpf message can be printed
 * before it is captured.
 */
final class Libbpf {
    static final int MIN_MAJOR = 1, MIN_MINOR = 4;

    // struct bpf_object *(const void *obj_buf, size_t obj_buf_sz, const struct bpf_object_open_opts *opts); errno
    static final Native.Fn OPEN_MEM = Native.bpf("bpf_object__open_mem");
    static final Native.Fn OBJECT_LOAD = Native.bpf("bpf_object__load"); // int (struct bpf_object *)
    static final Native.Fn OBJECT_CLOSE = Native.bpf("bpf_object__close"); // void (struct bpf_object *)
    static final Native.Fn OBJECT_BTF = Native.bpf("bpf_object__btf"); // struct btf *(const struct bpf_object *)
    // struct bpf_map *(const struct bpf_object *, const char *name)
    static final Native.Fn FIND_MAP = Native.bpf("bpf_object__find_map_by_name");
    // struct bpf_program *(const struct bpf_object *, const char *name)
    static final Native.Fn FIND_PROGRAM = Native.bpf("bpf_object__find_program_by_name");
    // struct bpf_map *(const struct bpf_object *, const struct bpf_map *prev)
    static final Native.Fn NEXT_MAP = Native.bpf("bpf_object__next_map");
    static final Native.Fn MAP_NAME = Native.bpf("bpf_map__name"); // const char *(const struct bpf_map *)
    static final Native.Fn MAP_FD = Native.bpf("bpf_map__fd"); // int (const struct bpf_map *)
    static final Native.Fn MAP_TYPE = Native.bpf("bpf_map__type"); // enum bpf_map_type (const struct bpf_map *)
    static final Native.Fn MAP_KEY_SIZE = Native.bpf("bpf_map__key_size"); // __u32 (const struct bpf_map *)
    static final Native.Fn MAP_VALUE_SIZE = Native.bpf("bpf_map__value_size"); // __u32 (const struct bpf_map *)
    static final Native.Fn MAP_MAX_ENTRIES = Native.bpf("bpf_map__max_entries"); // __u32 (const struct bpf_map *)
    static final Native.Fn MAP_SET_MAX_ENTRIES = Native.bpf("bpf_map__set_max_entries"); // int (struct bpf_map *, __u32)
    static final Native.Fn MAP_FLAGS = Native.bpf("bpf_map__map_flags"); // __u32 (const struct bpf_map *)
    // void *(const struct bpf_map *, size_t *psize)
    static final Native.Fn MAP_INITIAL_VALUE = Native.bpf("bpf_map__initial_value");
    // __u32 (const struct bpf_map *)
    static final Native.Fn MAP_BTF_VALUE_TYPE_ID = Native.bpf("bpf_map__btf_value_type_id");
    // int (const struct bpf_map *, const void *key, size_t key_sz, void *value, size_t value_sz, __u64 flags)
    static final Native.Fn MAP_LOOKUP = Native.bpf("bpf_map__lookup_elem");
    // int (const struct bpf_map *, const void *key, size_t key_sz, const void *value, size_t value_sz, __u64 flags)
    static final Native.Fn MAP_UPDATE = Native.bpf("bpf_map__update_elem");
    // int (const struct bpf_map *, const void *key, size_t key_sz, __u64 flags)
    static final Native.Fn MAP_DELETE = Native.bpf("bpf_map__delete_elem");
    // int (const struct bpf_map *, const void *cur_key, void *next_key, size_t key_sz)
    static final Native.Fn MAP_NEXT_KEY = Native.bpf("bpf_map__get_next_key");
    // struct bpf_link *(const struct bpf_map *); errno
    static final Native.Fn ATTACH_STRUCT_OPS = Native.bpf("bpf_map__attach_struct_ops");
    static final Native.Fn LINK_DESTROY = Native.bpf("bpf_link__destroy"); // int (struct bpf_link *)
    static final Native.Fn PROG_FD = Native.bpf("bpf_program__fd"); // int (const struct bpf_program *)
    // int (int prog_fd, struct bpf_test_run_opts *opts)
    static final Native.Fn PROG_TEST_RUN = Native.bpf("bpf_prog_test_run_opts");
    static final Native.Fn NUM_POSSIBLE_CPUS = Native.bpf("libbpf_num_possible_cpus"); // int (void)
    static final Native.Fn STRERROR = Native.bpf("libbpf_strerror"); // int (int err, char *buf, size_t size)
    private static final Native.Fn MAJOR_VERSION = Native.bpf("libbpf_major_version"); // __u32 (void)
    private static final Native.Fn MINOR_VERSION = Native.bpf("libbpf_minor_version"); // __u32 (void)
    private static volatile String version;

    private Libbpf() {}

    /** Looks up every function above (this class's initialization), calling none. */
    static void resolve() {}

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
            int major = (int) Native.call(MAJOR_VERSION), minor = (int) Native.call(MINOR_VERSION);
            if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR))
                throw new IllegalStateException("libbpf " + major + "." + minor + " is installed but scx4j needs "
                        + MIN_MAJOR + "." + MIN_MINOR + " or newer: run scripts/setup");
            LibbpfLog.route();
            return version = major + "." + minor;
        }
    }

    /** Possible CPUs are fixed at boot: counted once (0 until then). */
    private static int possibleCpus;

    static int possibleCpus() {
        int n = possibleCpus;
        if (n > 0) return n;
        n = (int) Native.call(NUM_POSSIBLE_CPUS);
        if (n <= 0) throw BpfException.of("libbpf_num_possible_cpus", n, "cannot read /sys/devices/system/cpu/possible");
        return possibleCpus = n;
    }

    /** libbpf's description of an error code (also handles libbpf's own codes from 4000). */
    static String describe(int err) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int rc = (int) Native.call(STRERROR, Math.abs(err), buf.address(), 256L);
            return rc == 0 ? buf.getString(0) : "unknown error";
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
