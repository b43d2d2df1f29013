package org.scx4j.core;

import java.util.Optional;

/** {@link BpfScheduler.Running#onThread}: a daemon thread that keeps what made it fail. */
final class WorkThread implements BpfScheduler.Running {
    private final Thread thread;
    private volatile Throwable failure;

    WorkThread(String name, Runnable work) {
        thread = Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
