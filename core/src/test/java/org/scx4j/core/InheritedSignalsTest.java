package org.scx4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * An ignored signal is put back to its default action natively, and one that is not
 * ignored is left alone. SIGURG stands in for SIGINT: its default action is to do
 * nothing, so resetting it cannot harm the test JVM.
 */
class InheritedSignalsTest {
    private static final int SIGURG = 23;

    @Test
    void anIgnoredSignalGoesBackToItsDefault() {
        Signal.handle(new Signal("URG"), SignalHandler.SIG_IGN);
        assertThat(InheritedSignals.restoreIfIgnored(SIGURG)).as("was ignored").isTrue();
        assertThat(InheritedSignals.restoreIfIgnored(SIGURG)).as("now at its default").isFalse();
    }

    @Test
    void aHandledSignalIsLeftAlone() {
        SignalHandler before = Signal.handle(new Signal("URG"), sig -> {});
        try {
            assertThat(InheritedSignals.restoreIfIgnored(SIGURG)).isFalse();
        } finally {
            Signal.handle(new Signal("URG"), before);
        }
    }
}
