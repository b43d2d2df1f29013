package org.scx4j.cli.bench;

import java.util.Map;

/**
 * What one run of one workload under one scheduler produced: its figures, or
 * the reason it failed (the scheduler's exit line, a timeout, unreadable
 * output). A failed run is data too: it is shown in the table and the JSON.
 */
public sealed interface RunOutcome {

    /** The run completed under the intended scheduler and its output gave every figure. */
    record Measured(Map<String, Double> figures) implements RunOutcome {
        public Measured {
            figures = Map.copyOf(figures);
        }
    }

    /** The run did not count; {@code reason} says why in one line. */
    record Failed(String reason) implements RunOutcome {}
}
