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
    /** {@link #enqFlags}: run soon, preempting the current task of the chosen CPU (or of the task's CPU). */
    public static final long PREEMPT = 1L << 32; // SCX_ENQ_PREEMPT

    public int pid;
    public int cpu = ANY_CPU;
    public long sliceNs;
    public long vtime;
    public long enqSeq;
    public long enqFlags;

    /** Fills every field at once; returns this. */
    public Dispatch set(int pid, long enqSeq, int cpu, long sliceNs, long vtime) {
        this.pid = pid;
        this.enqSeq = enqSeq;
        this.cpu = cpu;
        this.sliceNs = sliceNs;
        this.vtime = vtime;
        this.enqFlags = 0;
        return this;
    }

    @Override
    public String toString() {
        return "Dispatch[pid=" + pid + ", seq=" + enqSeq + ", cpu=" + cpu + ", slice=" + sliceNs
                + ", vtime=" + vtime + "]";
    }
}
