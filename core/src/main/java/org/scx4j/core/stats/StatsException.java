package org.scx4j.core.stats;

/**
 * A stats request that failed, carrying the errno the protocol answers with
 * (EINVAL for anything malformed or unknown), or a client-side failure to
 * reach or understand a server.
 */
public final class StatsException extends RuntimeException {

    /** Linux EINVAL, the protocol's answer to anything it does not understand. */
    public static final int EINVAL = 22;

    private final int errno;

    public StatsException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public StatsException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The errno of a protocol answer, 0 for client-side failures. */
    public int errno() {
        return errno;
    }
}
