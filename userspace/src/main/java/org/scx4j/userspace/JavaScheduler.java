package org.scx4j.userspace;

import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.bpf.StructView;
import org.scx4j.core.BpfScheduler;
import org.scx4j.core.KernelCompat;
import org.scx4j.core.stats.StatsSetup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The base of every scheduler whose policy is Java: a subclass names itself and makes its
 * {@link Policy}; this class supplies the rest to the core runtime. It loads the shared
 * BPF side ({@link UserSchedBpf#OBJECT}), tells it which process is the JVM, starts the decision
 * thread once the object is loaded and stops it when it is unloaded, and prints the
 * framework's {@link Counters} every second. Options every Java scheduler shares are
 * fields here; subclasses expose them as command-line options.
 */
public abstract class JavaScheduler implements BpfScheduler {
    private static final long SWITCH_PARTIAL = 8; // SCX_OPS_SWITCH_PARTIAL, the same on every kernel
    /** Only tasks with policy SCHED_EXT are scheduled (SCX_OPS_SWITCH_PARTIAL). */
    protected boolean partial;
    /** Allocate garbage hard in a side thread (tests the JVM's own pauses). */
    protected boolean gcStress;
    /** Make the policy throw after this many decisions (tests a failing Java side); 0: never. */
    protected long failAfter;
    /** The longest a task waits for a Java decision before BPF dispatches it itself. */
    protected long fallbackNs = 40_000_000;
    /** Slice of tasks BPF dispatches directly (the JVM's threads, kernel threads). */
    protected long directSliceNs = 5_000_000;

    /** How the framework's counters are served and printed; none until {@link #setStats}. */
    private StatsSetup stats;

    private GarbageStress garbage;

    /** Partial mode: only tasks whose policy is SCHED_EXT. */
    public void setPartial(boolean on) {
        partial = on;
    }

    /** Allocate garbage hard in a side thread while attached (a test aid). */
    public void setGcStress(boolean on) {
        gcStress = on;
    }

    /** Makes the policy throw after {@code decisions} decisions while attached (a test aid); 0 never. */
    public void setFailAfter(long decisions) {
        failAfter = decisions;
    }

    /** Serves the framework's {@link Counters} on the stats socket (and prints them with --stats). */
    public void setStats(StatsSetup setup) {
        stats = setup;
    }

    @Override
    public Optional<StatsSetup> stats() {
        return Optional.ofNullable(stats);
    }

    @Override
    public Map<String, ?> readStats(BpfObject loaded) {
        return Counters.read(loaded.bss()).values();
    }

    /** A fresh policy for one load of the scheduler. */
    protected abstract Policy newPolicy();

    /** The name the kernel shows in {@code /sys/kernel/sched_ext/root/ops}, e.g. {@code javaland}. */
    protected abstract String opsName();

    @Override
    public String objectResource() {
        return UserSchedBpf.OBJECT;
    }

    @Override
    public String opsMap() {
        return UserSchedBpf.OPS_MAP;
    }

    /** The ops name the kernel shows, and partial mode in {@code ops.flags}. */
    @Override
    public void configureOps(StructView ops) {
        String name = opsName();
        if (!name.matches("[a-z0-9_]{1,100}")) {
            throw new IllegalArgumentException("ops name '" + name + "' must be 1-100 characters of a-z, 0-9, _");
        }
        ops.setBytes("name", (name + "\0").getBytes(StandardCharsets.US_ASCII));
        if (partial) {
            ops.setLong("flags", ops.getLong("flags") | SWITCH_PARTIAL);
        }
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        rodata.setInt("usersched_tgid", (int) ProcessHandle.current().pid());
        rodata.setLong("fallback_ns", fallbackNs);
        rodata.setLong("direct_slice_ns", directSliceNs);
    }

    /** Compiles the decision path on synthetic tasks, so the first real ones meet warm code. */
    @Override
    public void beforeAttach(BpfObject loaded) {
        long start = System.nanoTime();
        long tasks = WarmUp.run(loaded, newPolicy());
        System.err.println(name() + ": decision path warmed up on " + tasks + " synthetic tasks in "
                + (System.nanoTime() - start) / 1_000_000 + " ms"); // joined: no Formatter before attaching
    }

    /** Runs the decision thread (and the GC stress, when asked) while the scheduler is attached. */
    @Override
    public Running whileAttached(BpfObject loaded) {
        Policy policy = failAfter > 0 ? new FailingPolicy(newPolicy(), failAfter) : newPolicy();
        DecisionThread d = new DecisionThread(loaded, policy);
        d.start();
        GarbageStress g = gcStress ? GarbageStress.start() : null;
        garbage = g;
        return new Running() {
            @Override
            public Optional<Throwable> failure() {
                return Optional.ofNullable(d.failure());
            }

            @Override
            public void close() {
                if (g != null) {
                    g.close();
                }
                d.close();
            }
        };
    }

    @Override
    public String report(BpfObject loaded) {
        StringBuilder line = new StringBuilder(Counters.read(loaded.bss()).line());
        if (garbage != null) {
            line.append(" gc_stress=").append(garbage.allocatedMiB()).append("MiB");
        }
        return line.toString();
    }
}
