package org.scx4j.vm;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running qemu that cannot outlive this JVM: close() and a shutdown hook end it,
 * and a watchdog shell (its stdin a pipe from this JVM) kills it when that pipe
 * closes, which also happens when the JVM is killed with SIGKILL.
 */
final class QemuProcess implements AutoCloseable {

    private static final Set<QemuProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(QemuProcess::kill), "scx4j-vm-shutdown"));
    }

    private final Process qemu;
    private final Process watchdog;

    private QemuProcess(Process qemu, Process watchdog) {
        this.qemu = qemu;
        this.watchdog = watchdog;
    }

    /** Starts qemu; interactive: on this terminal, else with the console as a pipe. */
    static QemuProcess start(List<String> argv, boolean interactive) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (interactive) pb.inheritIO();
        else pb.redirectErrorStream(true);
        Process qemu;
        try {
            qemu = pb.start();
        } catch (IOException e) {
            throw new VmException("cannot start " + argv.getFirst() + " (" + e.getMessage()
                    + "); install qemu-system-x86 (scripts/setup)", e);
        }
        Process watchdog;
        try {
            watchdog = new ProcessBuilder("sh", "-c", "read _ignored; kill -KILL \"$0\" 2>/dev/null", Long.toString(qemu.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            qemu.destroyForcibly();
            throw new VmException("cannot start the qemu watchdog (sh): " + e.getMessage(), e);
        }
        QemuProcess p = new QemuProcess(qemu, watchdog);
        LIVE.add(p);
        return p;
    }

    Process process() {
        return qemu;
    }

    boolean alive() {
        return qemu.isAlive();
    }

    /** Waits up to millis for qemu to exit on its own; true if it did. */
    boolean awaitExit(long millis) {
        try {
            return qemu.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void kill() {
        qemu.destroyForcibly();
        awaitExit(5000);
        watchdog.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
        LIVE.remove(this);
    }
}
