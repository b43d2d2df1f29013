package org.scx4j.vm;

import java.time.Duration;

/**
 * A guest command did not finish within its timeout. It was killed (with its whole
 * process group) and the VM stays usable, so a test can report the hang and go on.
 */
public final class CommandTimeoutException extends VmException {

    private final Result partial;

    public CommandTimeoutException(String command, Duration timeout, Result partial, String consoleTail) {
        super("command timed out after " + timeout.toSeconds() + " s and was killed: " + command
                + "\n--- its output so far ---\n" + partial.stdout() + partial.stderr(), consoleTail, null);
        this.partial = partial;
    }

    /** What the command had written before it was killed (exit code: the kill's status). */
    public Result partial() {
        return partial;
    }
}
