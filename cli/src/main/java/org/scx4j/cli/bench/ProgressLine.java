package org.scx4j.cli.bench;

import java.io.PrintStream;

/**
 * The live "what is running now" line on standard error. On a terminal it is
 * rewritten in place; when standard error is a file or pipe (CI logs) each
 * step is its own line, so the log stays readable.
 */
final class ProgressLine {

    private final PrintStream err;
    private final boolean inPlace;
    private int lastLength;

    ProgressLine(PrintStream err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** A progress line for this process's standard error. */
    static ProgressLine forStderr() {
        return new ProgressLine(System.err, System.console() != null);
    }

    void show(String line) {
        if (inPlace) {
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            err.print("\r" + line + padding);
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the in-place line so the next output starts on a fresh line. */
    void done() {
        if (inPlace && lastLength > 0) {
            err.println();
            lastLength = 0;
        }
    }
}
