package org.scx4j.vm;

/**
 * What a command run in the guest left behind: its exit code and its standard
 * output and error, kept apart and free of kernel console messages.
 *
 * @param exitCode the exit status; 128+N when signal N ended it
 * @param stdout   everything it wrote to standard output
 * @param stderr   everything it wrote to standard error
 */
public record Result(int exitCode, String stdout, String stderr) {

    /** True when the command exited with status 0. */
    public boolean ok() {
        return exitCode == 0;
    }
}
