package org.scx4j.cli.bench;

import java.util.List;

/**
 * The bench's options are wrong. Carries every problem found (not just the
 * first) so one correction fixes the command line.
 */
public final class BenchPlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public BenchPlanException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as one sentence. */
    public List<String> problems() {
        return problems;
    }
}
