package org.scx4j.bpf;

import java.util.List;

/**
 * A libbpf or kernel call failed. It carries the errno (by name, e.g. "EACCES") and the
 * last lines libbpf logged on this thread during the call, which for a verifier rejection
 * are the verifier's own last lines: the reason a program did not load.
 */
public final class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final List<String> logTail;

    BpfException(String message, int errno, List<String> logTail) {
        super(message);
        this.errno = Math.abs(errno);
        this.logTail = List.copyOf(logTail);
    }

    /** "WHAT failed: ENAME (libbpf's description)[: hint]" plus the thread's recent libbpf log. */
    static BpfException of(String what, int err, String hint) {
        List<String> tail = LibbpfLog.recentLines(20);
        StringBuilder msg = new StringBuilder(what).append(" failed: ").append(Errno.name(err))
                .append(" (").append(Libbpf.describe(err)).append(')');
        if (hint != null && !hint.isEmpty()) msg.append(": ").append(hint);
        if (!tail.isEmpty()) msg.append("\nlibbpf log (last lines):\n  ").append(String.join("\n  ", tail));
        return new BpfException(msg.toString(), err, tail);
    }

    /** The positive errno value (0 when none applies). */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. "ENOENT". */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** libbpf's last log lines on the failing thread (the verifier's reason for a rejected program). */
    public String logTail() {
        return String.join("\n", logTail);
    }
}
