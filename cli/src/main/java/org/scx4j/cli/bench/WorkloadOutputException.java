package org.scx4j.cli.bench;

/**
 * A workload's output did not contain what its figures are computed from (the
 * tool failed, printed an unexpected format, or was killed). The message says
 * what was missing so the failed run explains itself in the table.
 */
public final class WorkloadOutputException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkloadOutputException(String message) {
        super(message);
    }
}
