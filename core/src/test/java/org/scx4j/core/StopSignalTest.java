package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The monitoring loop's wait: a stop request ends it at once, a timeout ends it without one. */
class StopSignalTest {

    @Test
    void aRequestFromAnotherThreadEndsTheWaitAtOnce() throws Exception {
        try (StopSignal stop = StopSignal.install()) {
            assertThat(stop.await(TimeUnit.MILLISECONDS.toNanos(50))).as("a wait that times out").isFalse();
            Thread.ofPlatform().start(() -> {
                sleep(200);
                stop.request("SIGINT");
            });
            long t0 = System.nanoTime();
            assertThat(stop.await(TimeUnit.SECONDS.toNanos(30))).isTrue();
            assertThat(System.nanoTime() - t0).as("woken by the request, not the timeout").isLessThan(TimeUnit.SECONDS.toNanos(20));
            assertThat(stop.received()).isEqualTo("SIGINT");
            assertThat(stop.await(TimeUnit.SECONDS.toNanos(30))).as("a request made before the wait").isTrue();
        }
    }

    @Test
    void anInterruptIsAStopRequest() {
        try (StopSignal stop = StopSignal.install()) {
            Thread.currentThread().interrupt();
            assertThat(stop.await(TimeUnit.SECONDS.toNanos(30))).isTrue();
            assertThat(stop.received()).isEqualTo("interrupt");
            assertThat(Thread.interrupted()).isFalse();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
