package org.scx4j.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.scx4j.bpf.GlobalData;

/**
 * Why the kernel ended a scheduler: the exit kind, the exit code (which may ask for a
 * restart), the reason and message, and the kernel's debug dump. The BPF side copies the
 * kernel's {@code struct scx_exit_info} into globals in {@code ops.exit}
 * ({@code bpf/include/scx/exit_info.bpf.h}); this reads them back and says what they mean.
 *
 * @param kind     the {@code enum scx_exit_kind} value, e.g. 1026 for a watchdog stall
 * @param kindName its enumerator name in the running kernel, e.g. {@code SCX_EXIT_ERROR_STALL}
 * @param error    whether the kind is an error (at or above {@code SCX_EXIT_ERROR})
 * @param restart  whether the exit code carries {@code SCX_ECODE_ACT_RESTART} (CPU hotplug)
 */
public record ExitInfo(long kind, String kindName, long exitCode, String reason, String message, String dump,
        boolean error, boolean restart) {

    /** The exit info recorded in {@code bss}, or empty while the scheduler is still running. */
    public static Optional<ExitInfo> read(GlobalData bss, KernelCompat kernel) {
        long kind = bss.getLong("scx_exit_kind");
        if (kind == 0) return Optional.empty();
        long code = bss.getLong("scx_exit_code");
        return Optional.of(new ExitInfo(kind, kernel.exitKindName(kind), code,
                cString(bss.getBytes("scx_exit_reason")), cString(bss.getBytes("scx_exit_msg")),
                cString(bss.getBytes("scx_exit_dump")), kernel.isErrorKind(kind), kernel.asksRestart(code)));
    }

    /** The line schedulers print on exit: {@code EXIT: <reason> (<message>)}. */
    public String exitLine() {
        return message.isEmpty() ? "EXIT: " + reason : "EXIT: " + reason + " (" + message + ")";
    }

    /** The process exit status this exit deserves: non-zero for errors, else the code's low byte. */
    public int processExitCode() {
        if (error) return 1;
        return (int) (exitCode & 0xff);
    }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.UTF_8).strip();
    }
}
