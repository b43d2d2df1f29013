package org.scx4j.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps the last part of the guest's serial console (kernel messages, qemu's own
 * errors) for error reports, and notices a kernel panic. A thread drains qemu's
 * output into it so qemu never blocks on a full pipe. {@code SCX4J_VM_CONSOLE=1}
 * also echoes the console to standard error, for debugging a boot.
 */
final class ConsoleLog {

    private static final int KEEP = 64 * 1024;
    /** How the kernel starts an oops report. */
    private static final Pattern OOPS = Pattern.compile("\\] (BUG:|Oops|general protection fault|kernel BUG at|Unable to handle)");
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

    /**
     * The console from the cause of the panic on (at most about lines lines): the oops the
     * kernel printed before it (oops=panic turns every oops into a panic), else the panic
     * message itself.
     */
    synchronized String panicReport(int lines) {
        var all = text.toString().replace("\r", "").lines().toList();
        int panic = all.size() - 1;
        while (panic >= 0 && !all.get(panic).contains("Kernel panic")) panic--;
        if (panic < 0) return tail(lines);
        int from = panic;
        for (int i = panic - 1; i >= Math.max(0, panic - lines); i--) {
            if (OOPS.matcher(all.get(i)).find()) from = i;
        }
        return String.join("\n", all.subList(from, Math.min(all.size(), Math.max(from + lines, panic + 2))));
    }

    /** The last lines of the console, without carriage returns. */
    synchronized String tail(int lines) {
        var all = text.toString().replace("\r", "").lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
