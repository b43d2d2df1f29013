package org.scx4j.schedulers.javaland;

import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.Policy;
import org.scx4j.userspace.QueuedTask;

/**
 * scx_javaland's policy: earliest virtual deadline first, with a boost for interactive
 * tasks and slices that shrink as more tasks wait.
 *
 * <p>A task's deadline is its weighted virtual runtime (kept by the BPF side, with sleeper
 * credit bounded) plus its typical burst scaled by 100/weight: heavier tasks and tasks
 * that run briefly come first. A task that woke from a voluntary sleep after a short burst
 * (under a tenth of the maximum slice) is interactive, and its deadline moves a whole
 * maximum slice earlier, so it overtakes CPU hogs of similar vruntime, and it preempts the
 * task running on its CPU rather than wait for that task's slice to end. It also gets a
 * wake grant: its wake-ups preempt a CPU hog at once, without a round trip through Java,
 * for as long as its bursts stay short. Each round's tasks leave in deadline order with
 * slice = max(slice-min, slice-max / tasks waiting). A task whose CPU was idle goes
 * straight to that CPU; the others go to the shared queue, which the kernel keeps ordered
 * by the deadline. State is a binary heap over primitive arrays.
 */
public final class JavalandPolicy implements Policy {
    private final long sliceMaxNs;
    private final long sliceMinNs;
    private final long interactiveBurstNs;
    private long[] keys = new long[1024];
    private int[] pids = new int[1024];
    private long[] seqs = new long[1024];
    private int[] cpus = new int[1024];
    private boolean[] boosted = new boolean[1024];
    private int size;
    private long interactive;

    public JavalandPolicy(long sliceMaxNs, long sliceMinNs) {
        if (sliceMinNs <= 0 || sliceMaxNs < sliceMinNs) {
            throw new IllegalArgumentException("need 0 < slice-min <= slice, got slice=" + sliceMaxNs
                    + "ns slice-min=" + sliceMinNs + "ns");
        }
        this.sliceMaxNs = sliceMaxNs;
        this.sliceMinNs = sliceMinNs;
        this.interactiveBurstNs = sliceMaxNs / 10;
    }

    @Override
    public void enqueue(QueuedTask t) {
        long weight = Math.max(1, t.weight());
        long burst = Math.min(t.burstNs(), sliceMaxNs);
        long deadline = t.vtime() + burst * 100 / weight;
        boolean boost = t.wakeup() && t.burstNs() < interactiveBurstNs;
        if (boost) {
            deadline -= sliceMaxNs;
            interactive++;
        }
        push(deadline, t.pid(), t.enqSeq(), t.idleCpu() ? t.cpu() : Dispatch.ANY_CPU, boost);
    }

    @Override
    public boolean next(Dispatch out) {
        if (size == 0) {
            return false;
        }
        long slice = slice();
        out.set(pids[0], seqs[0], cpus[0], slice, keys[0]);
        if (boosted[0]) {
            out.enqFlags = Dispatch.PREEMPT;
            out.wakeSliceNs = slice;
        }
        removeTop();
        return true;
    }

    @Override
    public boolean keepGrant(QueuedTask t) {
        if (t.burstNs() >= interactiveBurstNs) {
            return false; // no longer interactive: its wake-ups wait in the queue like any other
        }
        interactive++;
        return true;
    }

    @Override
    public int waiting() {
        return size;
    }

    private long slice() {
        return Math.max(sliceMinNs, sliceMaxNs / Math.max(1, size));
    }

    /** Tasks boosted as interactive so far. */
    public long interactiveBoosts() {
        return interactive;
    }

    private void push(long key, int pid, long seq, int cpu, boolean boost) {
        if (size == keys.length) {
            grow();
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(key, keys[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, key, pid, seq, cpu, boost);
    }

    private void removeTop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long key = keys[last];
        int pid = pids[last];
        long seq = seqs[last];
        int cpu = cpus[last];
        boolean boost = boosted[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && before(keys[child + 1], keys[child])) {
                child++;
            }
            if (!before(keys[child], key)) {
                break;
            }
            move(child, i);
            i = child;
        }
        put(i, key, pid, seq, cpu, boost);
    }

    /** Wrap-around safe: virtual times are u64 counters in the kernel. */
    private static boolean before(long a, long b) {
        return a - b < 0;
    }

    private void move(int from, int to) {
        put(to, keys[from], pids[from], seqs[from], cpus[from], boosted[from]);
    }

    private void put(int i, long key, int pid, long seq, int cpu, boolean boost) {
        boosted[i] = boost;
        keys[i] = key;
        pids[i] = pid;
        seqs[i] = seq;
        cpus[i] = cpu;
    }

    private void grow() {
        int n = keys.length * 2;
        keys = java.util.Arrays.copyOf(keys, n);
        pids = java.util.Arrays.copyOf(pids, n);
        seqs = java.util.Arrays.copyOf(seqs, n);
        cpus = java.util.Arrays.copyOf(cpus, n);
        boosted = java.util.Arrays.copyOf(boosted, n);
    }
}
