package org.scx4j.vm;

/**
 * Where the VM reports slow steps (kernel download, initramfs build, boot) so a
 * person waiting sees what is happening. Tests and programs can pass {@link #QUIET}.
 */
@FunctionalInterface
public interface Progress {

    /** Reports one step, a short line without trailing newline. */
    void step(String line);

    /** Prints each step to standard error, prefixed with "vm: ". */
    Progress STDERR = line -> System.err.println("vm: " + line);

    /** Drops every step. */
    Progress QUIET = line -> { };
}
