package org.scx4j.schedulers.userland;

import java.util.Arrays;
import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.Policy;
import org.scx4j.userspace.QueuedTask;

/**
 * scx_userland's policy: every waiting task is ordered by its weighted vruntime (BPF adds
 * each run's time scaled by 100/weight), the smallest first, and at most {@code batch}
 * tasks are dispatched per round, so a task that arrives between rounds can still pass
 * the ones held back. A vruntime is floored at that of the last task dispatched, which
 * only grows: a task that slept comes back level with the others, with no banked credit.
 * The queue is a binary min-heap in primitive arrays, so deciding allocates nothing.
 *
 * <p>Ordering alone cannot share one CPU between two tasks that are always runnable: one of
 * them runs while the other waits in the kernel's queue, so each slice's end finds only the
 * other one there. So a task that comes back from running (not from a sleep) with a
 * vruntime below the last one dispatched is dispatched to run at once, preempting: it is
 * behind what probably runs now. And the slice is scaled by weight (from a quarter to
 * eight times the base), so that the time the other task runs while one waits for its
 * decision does not even their shares out. Measured in the emulated test VM, a nice -10 and
 * a nice 0 task pinned to one CPU: the nice -10 one got 0.58 to 0.71 of it with either
 * means alone, 0.84 with both (EEVDF: 0.88).
 */
public final class VruntimePolicy implements Policy {
    /** Slices range from the base slice divided by this to the base slice times {@link #MAX_SCALE}. */
    static final long MIN_SCALE = 4;
    static final long MAX_SCALE = 8;

    private final long sliceNs;
    private final int batch;
    private int[] pids = new int[1024];
    private long[] seqs = new long[1024];
    private long[] vtimes = new long[1024];
    private long[] enqFlags = new long[1024];
    private long[] slices = new long[1024];
    private long[] arrivals = new long[1024]; // ties leave in arrival order
    private int size;
    private long arrived;
    private long minVruntime;
    private int sentThisRound;

    /** {@code sliceNs}: the slice of a nice 0 task; {@code batch}: most dispatches per round. */
    public VruntimePolicy(long sliceNs, int batch) {
        if (sliceNs <= 0 || batch <= 0) {
            throw new IllegalArgumentException("slice and batch must be positive: " + sliceNs + ", " + batch);
        }
        this.sliceNs = sliceNs;
        this.batch = batch;
    }

    @Override
    public void enqueue(QueuedTask task) {
        if (size == pids.length) {
            grow();
        }
        int i = size++;
        pids[i] = task.pid();
        seqs[i] = task.enqSeq();
        long v = task.vtime();
        boolean behind = v - minVruntime < 0;
        vtimes[i] = behind ? minVruntime : v;
        enqFlags[i] = behind && !task.wakeup() ? Dispatch.PREEMPT : 0;
        slices[i] = slice(task.weight());
        arrivals[i] = arrived++;
        siftUp(i);
    }

    @Override
    public boolean next(Dispatch out) {
        if (size == 0 || sentThisRound == batch) {
            sentThisRound = 0; // the loop stops asking here; its next call starts a round
            return false;
        }
        sentThisRound++;
        minVruntime = vtimes[0];
        out.set(pids[0], seqs[0], Dispatch.ANY_CPU, slices[0], vtimes[0]);
        out.enqFlags = enqFlags[0];
        size--;
        if (size > 0) {
            move(size, 0);
            siftDown(0);
        }
        return true;
    }

    @Override
    public int waiting() {
        return size;
    }

    /** The smallest vruntime a task can be queued with now. */
    long minVruntime() {
        return minVruntime;
    }

    /** The base slice scaled by {@code weight} (100 at nice 0), within the bounds. */
    long slice(long weight) {
        return sliceNs * Math.clamp(weight, 100 / MIN_SCALE, 100 * MAX_SCALE) / 100;
    }

    private boolean before(int a, int b) {
        return vtimes[a] != vtimes[b] ? vtimes[a] - vtimes[b] < 0 : arrivals[a] < arrivals[b];
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int least = i;
            int left = 2 * i + 1;
            if (left < size && before(left, least)) {
                least = left;
            }
            if (left + 1 < size && before(left + 1, least)) {
                least = left + 1;
            }
            if (least == i) {
                return;
            }
            swap(i, least);
            i = least;
        }
    }

    private void move(int from, int to) {
        pids[to] = pids[from];
        seqs[to] = seqs[from];
        vtimes[to] = vtimes[from];
        enqFlags[to] = enqFlags[from];
        slices[to] = slices[from];
        arrivals[to] = arrivals[from];
    }

    private void swap(int a, int b) {
        int p = pids[a];
        long s = seqs[a], v = vtimes[a], f = enqFlags[a], l = slices[a], t = arrivals[a];
        move(b, a);
        pids[b] = p;
        seqs[b] = s;
        vtimes[b] = v;
        enqFlags[b] = f;
        slices[b] = l;
        arrivals[b] = t;
    }

    private void grow() {
        int n = pids.length * 2;
        pids = Arrays.copyOf(pids, n);
        seqs = Arrays.copyOf(seqs, n);
        vtimes = Arrays.copyOf(vtimes, n);
        enqFlags = Arrays.copyOf(enqFlags, n);
        slices = Arrays.copyOf(slices, n);
        arrivals = Arrays.copyOf(arrivals, n);
    }
}
