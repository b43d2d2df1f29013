package org.scx4j.core.sysfs;

/**
 * A sysfs file that should be there was missing or unreadable, or held text that does
 * not parse. Its message names the file and what was expected, so a user pointing a
 * tool at the wrong tree (or running a kernel without a feature) sees what to fix.
 */
public final class SysfsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SysfsException(String message) {
        super(message);
    }

    public SysfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
