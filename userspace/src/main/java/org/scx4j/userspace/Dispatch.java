package org.scx4j.userspace;

/**
 * One decision a {@link Policy} hands back: run task {@code pid} (answering the enqueue
 * numbered {@code enqSeq}) on {@code cpu} or {@link #ANY_CPU}, for {@code sliceNs}, ordered
 * by {@code vtime} among tasks queued for any CPU. It is a mutable holder that the
 * framework reuses for every decision, so deciding allocates nothing; a policy fills it
 * in {@link Policy#next} and must not keep it.
 */
public final class Dispatch {
    /** {@link #cpu}: any CPU the task may run on (the shared, vtime-ordered queue). */
    public static final int ANY_CPU = -1;
    /** {@link #cpu}: dispatch nothing; the task already runs and this only sets its wake grant. */
    public static final int NO_CPU = -2;
    /** {@link #enqFlags}: run soon, preempting the current task of the chosen CPU (or of the task's CPU). */
    public static final long PREEMPT = 1L << 32; // SCX_ENQ_PREEMPT

    public int pid;
    public int cpu = ANY_CPU;
    public long sliceNs;
    public long vtime;
    public long enqSeq;
    public long enqFlags;
    /**
     * A wake grant: when nonzero and the task wakes while a CPU hog (a task that has run a
     * whole default slice since it last woke) holds a CPU, BPF preempts the hog at once
     * and runs the task for this long, then asks the policy whether the task keeps the
     * grant ({@link Policy#keepGrant}); any later decision for the task replaces it. For
     * interactive tasks: it takes the JVM off their wake-up path where waiting costs most,
     * as with EEVDF's wake-up preemption.
     */
    public long wakeSliceNs;

    /** Fills every field at once; returns this. */
    public Dispatch set(int pid, long enqSeq, int cpu, long sliceNs, long vtime) {
        this.pid = pid;
        this.enqSeq = enqSeq;
        this.cpu = cpu;
        this.sliceNs = sliceNs;
        this.vtime = vtime;
        this.enqFlags = 0;
        this.wakeSliceNs = 0;
        return this;
    }

    /** No dispatch, only the withdrawal of a running task's wake grant (see {@link Policy#keepGrant}); returns this. */
    public Dispatch withdrawGrant(int pid, long enqSeq) {
        return set(pid, enqSeq, NO_CPU, 0, 0);
    }

    @Override
    public String toString() {
        return "Dispatch[pid=" + pid + ", seq=" + enqSeq + ", cpu=" + cpu + ", slice=" + sliceNs
                + ", vtime=" + vtime + ", wake=" + wakeSliceNs + "]";
    }
}
