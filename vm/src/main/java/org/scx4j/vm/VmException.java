package org.scx4j.vm;

/**
 * Something went wrong with the VM itself rather than with a command in it: qemu
 * did not start, the guest did not boot in time or panicked, a command overran its
 * timeout. The message says what happened and, where it helps, ends with the tail
 * of the guest's console so the cause is visible without a rerun.
 */
public class VmException extends RuntimeException {

    private final String consoleTail;

    public VmException(String message) {
        this(message, "", null);
    }

    public VmException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public VmException(String message, String consoleTail, Throwable cause) {
        super(consoleTail == null || consoleTail.isBlank()
                ? message
                : message + "\n--- guest console (last lines) ---\n" + consoleTail.stripTrailing(), cause);
        this.consoleTail = consoleTail == null ? "" : consoleTail;
    }

    /** The last lines of the guest console when this happened ("" when none). */
    public String consoleTail() {
        return consoleTail;
    }
}
