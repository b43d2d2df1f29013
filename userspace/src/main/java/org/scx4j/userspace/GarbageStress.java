package org.scx4j.userspace;

/**
 * A test aid: a daemon thread that allocates garbage as fast as it can, keeping a window
 * of it alive so collections have real work, to show that a Java scheduler keeps the
 * machine running while its own JVM collects hard (its GC threads are dispatched by BPF,
 * and BPF's bounded wait covers the pauses).
 */
public final class GarbageStress implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    private volatile long allocatedMiB;

    private GarbageStress() {
        thread = Thread.ofPlatform().daemon().name("gc-stress").unstarted(this::run);
    }

    /** Starts allocating. */
    public static GarbageStress start() {
        GarbageStress g = new GarbageStress();
        g.thread.start();
        return g;
    }

    private void run() {
        Object[] window = new Object[4096];
        long bytes = 0;
        int i = 0;
        while (!stop) {
            int size = 1024 + (i * 7919) % 65536;
            window[i & (window.length - 1)] = new byte[size];
            bytes += size;
            if (bytes >= 1 << 20) {
                allocatedMiB++;
                bytes = 0;
            }
            i++;
        }
    }

    /** MiB allocated so far. */
    public long allocatedMiB() {
        return allocatedMiB;
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
