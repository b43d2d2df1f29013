package org.scx4j.schedulers.rusty;

/**
 * The tasks a {@link LoadBalancer} run works on, one row per task in parallel arrays.
 * The arrays are sized once and refilled before every run, so balancing allocates nothing.
 */
public final class TaskTable {
    /** The domain each task is in now. */
    public final int[] dom;
    /** Each task's load, at least 0: weight times duty cycle (a nice-0 task that always runs has 100.0). */
    public final double[] load;
    /** Bit d set: the task may run in domain d (at most 64 domains). */
    public final long[] allowed;
    /** Whether the task is a kernel workqueue worker. */
    public final boolean[] kworker;
    /** Rows 0 .. size-1 are valid. */
    public int size;

    public TaskTable(int maxTasks) {
        dom = new int[maxTasks];
        load = new double[maxTasks];
        allowed = new long[maxTasks];
        kworker = new boolean[maxTasks];
    }

    public int capacity() {
        return dom.length;
    }

    /** Empties the table for the next run. */
    public void clear() {
        size = 0;
    }

    /** Appends a task and returns its row. */
    public int add(int dom, double load, long allowed, boolean kworker) {
        int row = size++;
        this.dom[row] = dom;
        this.load[row] = load;
        this.allowed[row] = allowed;
        this.kworker[row] = kworker;
        return row;
    }
}
