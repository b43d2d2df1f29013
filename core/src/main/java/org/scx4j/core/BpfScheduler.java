package org.scx4j.core;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.stats.StatsSetup;
import org.scx4j.bpf.StructView;

/**
 * What a BPF scheduler hands the {@link SchedulerRuntime}: its compiled object, the name of
 * its {@code struct sched_ext_ops} map, how to fill {@code .rodata} from its options, and
 * what to print while it runs. Everything else (checks, loading, attaching, exit handling,
 * restarts) is the runtime's, so a scheduler's Java class stays a few lines long.
 */
public interface BpfScheduler {

    /** The user-facing name, e.g. {@code scx_simple}; used in messages. */
    String name();

    /** The classpath resource of the compiled object, e.g. {@code /bpf/scx_simple.bpf.o}. */
    String objectResource();

    /** The struct_ops map (the C variable of type {@code struct sched_ext_ops}), e.g. {@code simple_ops}. */
    String opsMap();

    /**
     * The oldest kernel this scheduler works on ("6.12"); older ones get a clear refusal
     * before anything loads. The default is the oldest kernel {@code scx/common.bpf.h}
     * has compat wrappers for; a scheduler that needs newer kfuncs says so here.
     */
    default String minimumKernel() {
        return "6.12";
    }

    /** The watchdog timeout written to {@code ops.timeout_ms}; zero keeps the kernel's default (30 s). */
    default Duration watchdogTimeout() {
        return Duration.ZERO;
    }

    /** Fills the scheduler's own {@code .rodata} variables from its options, before load. */
    default void configure(GlobalData rodata, KernelCompat kernel) {}

    /**
     * Sets further {@code struct sched_ext_ops} members before load (e.g. {@code name} or
     * {@code flags}); the runtime has already set {@code hotplug_seq}, {@code timeout_ms}
     * and {@code exit_dump_len}.
     */
    default void configureOps(StructView ops) {}

    /** {@link #configureOps(StructView)} for members that depend on the kernel (e.g. a flag only some kernels define). */
    default void configureOps(StructView ops, KernelCompat kernel) {
        configureOps(ops);
    }

    /** How often {@link #report} is called; a second unless the scheduler has an option for it. */
    default Duration reportInterval() {
        return Duration.ofSeconds(1);
    }

    /** Runs once the object is loaded and before it is attached (e.g. to warm up Java code). */
    default void beforeAttach(BpfObject loaded) {}

    /**
     * Work a scheduler runs beside the attached BPF part (e.g. a Java policy's decision
     * thread). If it fails, the runtime detaches the scheduler and exits with an error, as
     * upstream's loaders do when their own side fails: BPF alone would run on degraded.
     */
    interface Running extends AutoCloseable {
        /** Stops the work; called once the scheduler has been detached. */
        @Override
        void close();

        /** What made the work stop on its own, if it did; the runtime looks at each wake-up. */
        default Optional<Throwable> failure() {
            return Optional.empty();
        }

        /** Work on a daemon thread of its own (a control loop), interrupted to stop it. */
        static Running onThread(String name, Runnable work) {
            return new WorkThread(name, work);
        }
    }

    /** Starts work that runs while the scheduler is attached; the runtime closes it after detaching. */
    default Running whileAttached(BpfObject loaded) {
        return () -> {};
    }

    /** Its progress, a line or more, which the runtime prints every {@link #reportInterval()} while attached; empty for none. */
    default String report(BpfObject loaded) {
        return "";
    }

    /** The metrics this scheduler publishes on the stats socket and how ({@code --stats}); empty: none. */
    default Optional<StatsSetup> stats() {
        return Optional.empty();
    }

    /** The current values of its metrics in the loaded object, counters as running totals (any thread). */
    default Map<String, ?> readStats(BpfObject loaded) {
        return Map.of();
    }

    /** The object's bytes, read from {@link #objectResource()} next to this class. */
    default byte[] objectBytes() {
        try {
            return BpfObject.resourceBytes(getClass(), objectResource());
        } catch (IllegalArgumentException missing) {
            throw new IllegalStateException(name() + ": " + missing.getMessage(), missing);
        }
    }
}
