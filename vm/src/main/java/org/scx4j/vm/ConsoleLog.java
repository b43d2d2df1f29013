package org.scx4j.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last part of the guest's serial console (kernel messages, qemu's own
 * errors) for error reports, and notices a kernel panic. A thread drains qemu's
 * output into it so qemu never blocks on a full pipe. {@code SCX4J_VM_CONSOLE=1}
 * also echoes the console to standard error, for debugging a boot.
 */
final class ConsoleLog {

    private static final int KEEP = 64 * 1024;
    private static final boolean ECHO = "1".equals(System.getenv("SCX4J_VM_CONSOLE"));

    private final StringBuilder text = new StringBuilder();
    private volatile boolean panicked;
    private volatile boolean kvmFailed;
    private volatile Thread drainer;

    /** Starts draining in into this log. */
    void drain(InputStream in) {
        drainer = Thread.ofPlatform().daemon().name("scx4j-vm-console").start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // qemu is gone; the log keeps what came before
            }
        });
    }

    private synchronized void append(String s) {
        if (ECHO) System.err.print(s);
        text.append(s);
        if (text.indexOf("Kernel panic") >= 0) panicked = true;
        if (text.indexOf("KVM internal error") >= 0) kvmFailed = true;
        if (text.length() > KEEP) text.delete(0, text.length() - KEEP / 2);
    }

    /** Waits up to millis for the console stream to end (qemu exited, all output read). */
    void awaitEnd(long millis) {
        try {
            if (drainer != null) drainer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when qemu reported that KVM could not run the guest (it then hangs, paused). */
    boolean kvmFailed() {
        return kvmFailed;
    }

    boolean panicked() {
        return panicked;
    }

    /** The console from the panic message on (at most lines lines), so the report starts with its cause. */
    synchronized String panicReport(int lines) {
        String all = text.toString().replace("\r", "");
        int at = all.lastIndexOf("Kernel panic");
        if (at < 0) return tail(lines);
        var from = all.substring(all.lastIndexOf('\n', at) + 1).lines().toList();
        return String.join("\n", from.subList(0, Math.min(lines, from.size())));
    }

    /** The last lines of the console, without carriage returns. */
    synchronized String tail(int lines) {
        var all = text.toString().replace("\r", "").lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
