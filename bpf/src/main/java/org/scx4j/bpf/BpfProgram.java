package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One program of a {@link BpfObject}. Beyond its fd, what Java does with a program directly
 * is run it: a {@code SEC("syscall")} program runs on demand through
 * {@code bpf_prog_test_run_opts}, which is how userspace calls into BPF code synchronously.
 */
public final class BpfProgram {
    /** The result of one run: the program's return value. */
    public record TestRunResult(int retval) {}

    // struct bpf_test_run_opts (libbpf 1.4): offsets of the fields the binding sets or reads
    private static final long OPTS_SIZE = 80, CTX_IN = 32, CTX_SIZE_IN = 48, RETVAL = 56;

    private final BpfObject object;
    private final String name;
    private final MemorySegment prog;

    BpfProgram(BpfObject object, String name, MemorySegment prog) {
        this.object = object;
        this.name = name;
        this.prog = prog;
    }

    public String name() {
        return name;
    }

    /** The program's file descriptor (after load). */
    public int fd() {
        object.requireLoaded("the fd of program '" + name + "'");
        return (int) Native.call(Libbpf.PROG_FD, prog.address());
    }

    /** Runs the program once without a context. */
    public TestRunResult testRun() {
        return testRun(MemorySegment.NULL);
    }

    /**
     * Runs the program once with {@code ctx} as its context argument. For a syscall
     * program the kernel copies the context back, so {@code ctx} (native memory) shows what
     * the program wrote into it.
     */
    public TestRunResult testRun(MemorySegment ctx) {
        if (ctx.isNative() == false) throw new IllegalArgumentException("the context of program '" + name
                + "' must be native memory (allocate it from an Arena)");
        int fd = fd();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment opts = call.allocate(OPTS_SIZE, 8);
            opts.set(LONG, 0, OPTS_SIZE);
            if (!ctx.equals(MemorySegment.NULL)) {
                opts.set(ValueLayout.ADDRESS, CTX_IN, ctx);
                opts.set(INT, CTX_SIZE_IN, Math.toIntExact(ctx.byteSize()));
            }
            LibbpfLog.clearRecent();
            int rc = (int) Native.call(Libbpf.PROG_TEST_RUN, fd, opts.address());
            if (rc < 0) throw BpfException.of("test run of program '" + name + "' of '" + object.name() + "'", rc,
                    "only some program types (e.g. SEC(\"syscall\")) can be run from userspace");
            return new TestRunResult(opts.get(INT, RETVAL));
        }
    }
}
