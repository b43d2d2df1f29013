package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A scheduler's work beside BPF reports what made it stop, and nothing when it was stopped. */
class WorkThreadTest {
    @Test
    void workThatThrowsIsReportedAsTheFailure() throws InterruptedException {
        CountDownLatch thrown = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("no domain for CPU 3");
        BpfScheduler.Running running = BpfScheduler.Running.onThread("balancer", () -> {
            thrown.countDown();
            throw boom;
        });
        assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 1000 && running.failure().isEmpty(); i++) Thread.sleep(10);
        assertThat(running.failure()).containsSame(boom);
        running.close();
    }

    @Test
    void workStoppedByCloseHasNoFailure() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1), ended = new CountDownLatch(1);
        BpfScheduler.Running running = BpfScheduler.Running.onThread("balancer", () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(running.failure()).isEmpty();
        running.close();
        assertThat(ended.await(10, TimeUnit.SECONDS)).as("the work ended when closed").isTrue();
        assertThat(running.failure()).isEmpty();
    }
}
