package org.scx4j.schedulers.jfifo;

import org.scx4j.userspace.Dispatch;
import org.scx4j.userspace.Policy;
import org.scx4j.userspace.QueuedTask;

/**
 * scx_jfifo's whole policy, and the example of how small a Java scheduler can be: tasks
 * run in the order they became runnable, on any CPU, for a fixed slice. The queue is a
 * ring of primitive arrays, so deciding allocates nothing.
 */
public final class FifoPolicy implements Policy {
    private final long sliceNs;
    private int[] pids = new int[1024];
    private long[] seqs = new long[1024];
    private int head;
    private int size;
    private long order;

    public FifoPolicy(long sliceNs) {
        this.sliceNs = sliceNs;
    }

    @Override
    public void enqueue(QueuedTask task) {
        if (size == pids.length) {
            grow();
        }
        int tail = (head + size) & (pids.length - 1);
        pids[tail] = task.pid();
        seqs[tail] = task.enqSeq();
        size++;
    }

    @Override
    public boolean next(Dispatch out) {
        if (size == 0) {
            return false;
        }
        // vtime = arrival order keeps the shared queue first-in, first-out.
        out.set(pids[head], seqs[head], Dispatch.ANY_CPU, sliceNs, order++);
        head = (head + 1) & (pids.length - 1);
        size--;
        return true;
    }

    @Override
    public int waiting() {
        return size;
    }

    private void grow() {
        int[] p = new int[pids.length * 2];
        long[] s = new long[seqs.length * 2];
        for (int i = 0; i < size; i++) {
            p[i] = pids[(head + i) & (pids.length - 1)];
            s[i] = seqs[(head + i) & (seqs.length - 1)];
        }
        pids = p;
        seqs = s;
        head = 0;
    }
}
