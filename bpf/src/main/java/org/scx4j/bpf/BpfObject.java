package org.scx4j.bpf;

import static org.scx4j.bpf.Native.LONG;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One BPF ELF object (what clang makes of a {@code *.bpf.c}) through its life: open from
 * bytes, set {@code .rodata} before load, load into the kernel, then use its live globals,
 * maps and programs, attach struct_ops. Closing it unmaps every view handed out (later
 * access throws instead of crashing), detaches its links and frees the kernel objects.
 */
public final class BpfObject implements AutoCloseable {
    private final String name;
    private final Arena arena = Arena.ofShared(); // owns every mmap of this object
    private final Arena elf; // owns the ELF copy, which libelf reads in place
    private final MemorySegment obj;
    private final Map<String, BpfMap> maps = new HashMap<>();
    private final Map<String, BpfProgram> programs = new HashMap<>();
    private final Map<String, GlobalData> globals = new HashMap<>();
    private final List<Link> links = new java.util.concurrent.CopyOnWriteArrayList<>(); // no lock: Link.close calls forget
    private volatile boolean closed;
    private boolean loaded;
    private Btf btf;

    private BpfObject(String name, MemorySegment obj, Arena elf) {
        this.name = name;
        this.elf = elf;
        this.obj = obj;
    }

    /** Opens (parses, does not load) an object from its ELF bytes; {@code name} names it in messages. */
    public static BpfObject open(String name, byte[] elf) {
        Libbpf.version(); // checks libbpf and captures its log before the first call
        if (elf == null || elf.length == 0) throw new IllegalArgumentException("BPF object '" + name + "' is empty");
        Arena arena = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(elf.length, 8);
            buf.copyFrom(MemorySegment.ofArray(elf));
            MemorySegment opts = call.allocate(16, 8); // struct bpf_object_open_opts { size_t sz; const char *object_name; }
            opts.set(LONG, 0, 16);
            // The pointer as its address: pointer-typed accesses are generated on first use, and a start needs no other.
            opts.set(LONG, 8, call.allocateFrom(name).address());
            LibbpfLog.clearRecent();
            long p = Native.call(Libbpf.OPEN_MEM, buf.address(), elf.length, opts.address());
            if (p == 0) {
                arena.close();
                throw BpfException.of("opening BPF object '" + name + "'", Native.errno(),
                        "is it an ELF file made by clang -target bpf?");
            }
            return new BpfObject(name, Native.pointer(p), arena);
        }
    }

    /** Opens an object embedded as a classpath resource, e.g. {@code openResource(My.class, "/bpf/x.bpf.o")}. */
    public static BpfObject openResource(Class<?> anchor, String resource) {
        String base = resource.substring(resource.lastIndexOf('/') + 1).replace(".bpf.o", "");
        return open(base, resourceBytes(anchor, resource));
    }

    /**
     * The bytes of the classpath resource {@code resource} (e.g. {@code "/bpf/x.bpf.o"}) next
     * to {@code anchor}. From a jar they are read through the zip file its class loader
     * already has open: the class loader's own resource lookup (jar URLs and their
     * connections) first runs at this point of a start, interpreted, and took it about a
     * tenth of a second under emulation.
     *
     * @throws IllegalArgumentException when there is no such resource
     */
    public static byte[] resourceBytes(Class<?> anchor, String resource) {
        try {
            var source = anchor.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getPath().endsWith(".jar")) {
                try (ZipFile jar = new ZipFile(new File(source.getLocation().toURI()))) {
                    ZipEntry entry = jar.getEntry(resource.substring(1));
                    if (entry != null) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            return in.readAllBytes();
                        }
                    }
                }
            }
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null)
                    throw new IllegalArgumentException("BPF object resource " + resource + " not found on the classpath of "
                            + anchor.getName() + " (was the *.bpf.c compiled by the build?)");
                return in.readAllBytes();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read BPF object resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Links libbpf's calls on a thread of its own, for a start that has other work to do
     * before its first call: FFM generates the downcall's classes at run time, interpreted,
     * a few tenths of a second under emulation, which a second CPU then overlaps with that
     * work. The first call waits for it to finish (the JVM's class initialization).
     */
    public static void linkAhead() {
        Thread.ofPlatform().daemon().name("libbpf-link").start(Native::link);
    }

    /** The name given at open. */
    public String name() {
        return name;
    }

    /** {@code .rodata}: writable before {@link #load()}, read-only (the frozen kernel copy) after. */
    public GlobalData rodata() {
        return globals(".rodata");
    }

    /** {@code .bss}: before load, its initial values; after load, the live kernel memory. */
    public GlobalData bss() {
        return globals(".bss");
    }

    /** {@code .data}: before load, its initial values; after load, the live kernel memory. */
    public GlobalData data() {
        return globals(".data");
    }

    /** Any data section, e.g. ".data.stats"; live after load. */
    public synchronized GlobalData globals(String section) {
        checkOpen();
        return globals.computeIfAbsent(section + (loaded ? "@live" : "@initial"), k -> GlobalData.of(this, section));
    }

    /** Loads every program and map into the kernel; a verifier rejection carries the verifier's reason. */
    public synchronized void load() {
        checkOpen();
        if (loaded) throw new IllegalStateException("BPF object '" + name + "' is already loaded");
        LibbpfLog.clearRecent();
        sizePerCpuMaps();
        int rc = (int) Native.call(Libbpf.OBJECT_LOAD, obj.address());
        if (rc < 0) throw BpfException.of("loading BPF object '" + name + "'", rc, loadHint(rc));
        loaded = true;
        globals.clear(); // pre-load views are not the live memory
    }

    /**
     * Gives every array map declared with max_entries 0 one entry per possible CPU, as libbpf
     * does for perf event arrays. Other maps keep theirs: storage maps must have 0.
     */
    private void sizePerCpuMaps() {
        long m = 0;
        while ((m = Native.call(Libbpf.NEXT_MAP, obj.address(), m)) != 0) {
            if ((int) Native.call(Libbpf.MAP_MAX_ENTRIES, m) != 0 || (int) Native.call(Libbpf.MAP_TYPE, m) != BpfMap.TYPE_ARRAY)
                continue;
            int rc = (int) Native.call(Libbpf.MAP_SET_MAX_ENTRIES, m, Libbpf.possibleCpus());
            if (rc < 0) throw BpfException.of("sizing map '" + Libbpf.string(Native.pointer(Native.call(Libbpf.MAP_NAME, m)))
                    + "' of BPF object '" + name + "'", rc, null);
        }
    }

    private static String loadHint(int rc) {
        return switch (Math.abs(rc)) {
            case 13, 4007 -> "the verifier rejected a program; its reason is in the log lines below";
            case 1 -> "loading BPF needs root (CAP_BPF and CAP_SYS_ADMIN)";
            default -> null;
        };
    }

    /** Whether {@link #load()} succeeded. */
    public synchronized boolean loaded() {
        return loaded;
    }

    /** The map named {@code mapName} (a data section map by its section name, e.g. ".bss"). */
    public synchronized BpfMap map(String mapName) {
        checkOpen();
        return maps.computeIfAbsent(mapName, n -> new BpfMap(this, lookupMap(n)));
    }

    /** The program whose C function is named {@code programName}. */
    public synchronized BpfProgram program(String programName) {
        checkOpen();
        return programs.computeIfAbsent(programName, n -> {
            try (Arena call = Arena.ofConfined()) {
                long p = Native.call(Libbpf.FIND_PROGRAM, obj.address(), call.allocateFrom(n).address());
                if (p == 0) throw new IllegalArgumentException("BPF object '" + name + "' has no program '" + n + "'");
                return new BpfProgram(this, n, Native.pointer(p));
            }
        });
    }

    /**
     * The struct of a struct_ops map (e.g. a {@code struct sched_ext_ops}) by member name,
     * before load: what is set here is what the kernel gets at registration.
     */
    public synchronized StructView structOps(String mapName) {
        BpfMap map = map(mapName);
        if (loaded) throw new IllegalStateException("struct_ops map '" + mapName + "' of '" + name
                + "' can only be changed before load()");
        if (map.type() != BpfMap.TYPE_STRUCT_OPS)
            throw new IllegalArgumentException("map '" + mapName + "' of '" + name + "' is not a struct_ops map");
        int typeId = (int) Native.call(Libbpf.MAP_BTF_VALUE_TYPE_ID, map.pointer().address());
        return new StructView(map.initialValue(arena), btf().members(typeId));
    }

    /** Registers the struct_ops map {@code mapName} with the kernel; closing the link unregisters it. */
    public synchronized Link attachStructOps(String mapName) {
        BpfMap map = map(mapName);
        requireLoaded("attaching struct_ops '" + mapName + "'");
        LibbpfLog.clearRecent();
        long p = Native.call(Libbpf.ATTACH_STRUCT_OPS, map.pointer().address());
        if (p == 0)
            throw BpfException.of("attaching struct_ops map '" + mapName + "' of '" + name + "'", Native.errno(), null);
        Link link = new Link("struct_ops " + mapName, Native.pointer(p), this::forget);
        links.add(link);
        return link;
    }

    /** The object's own BTF (the types its C code declared). */
    public synchronized Btf btf() {
        checkOpen();
        if (btf == null) {
            long p = Native.call(Libbpf.OBJECT_BTF, obj.address());
            if (p == 0) throw new IllegalStateException("BPF object '" + name + "' has no BTF: compile it with clang -g");
            btf = new Btf(Native.pointer(p), "BPF object '" + name + "'", () -> closed);
        }
        return btf;
    }

    /** Detaches every link, unmaps every view and frees the object; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        for (Link l : links) l.close();
        closed = true;
        arena.close(); // unmaps first: nothing may touch the maps once libbpf frees them
        try {
            Native.call(Libbpf.OBJECT_CLOSE, obj.address());
        } finally {
            elf.close();
        }
    }

    // ---- for the other classes of the binding ----

    Arena arena() {
        return arena;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("BPF object '" + name + "' is closed");
    }

    void requireLoaded(String what) {
        checkOpen();
        if (!loaded) throw new IllegalStateException(what + " needs BPF object '" + name + "' to be loaded first (call load())");
    }

    private void forget(Link link) {
        links.remove(link);
    }

    private MemorySegment lookupMap(String mapName) {
        try (Arena call = Arena.ofConfined()) {
            long p = Native.call(Libbpf.FIND_MAP, obj.address(), call.allocateFrom(mapName).address());
            if (p == 0)
                throw new IllegalArgumentException("BPF object '" + name + "' has no map '" + mapName + "'; it has " + mapNames());
            return Native.pointer(p);
        }
    }

    private List<String> mapNames() {
        List<String> names = new ArrayList<>();
        long m = 0;
        while ((m = Native.call(Libbpf.NEXT_MAP, obj.address(), m)) != 0)
            names.add(Libbpf.string(Native.pointer(Native.call(Libbpf.MAP_NAME, m))));
        return names;
    }
}
