package org.scx4j.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running qemu that cannot outlive this JVM: close() and a shutdown hook end it,
 * and a watchdog shell (its stdin a pipe from this JVM) kills it when that pipe
 * closes, which also happens when the JVM is killed with SIGKILL. Its run folder goes
 * with it, also when a signal ends the JVM.
 */
final class QemuProcess implements AutoCloseable {

    private static final Set<QemuProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(QemuProcess::kill), "scx4j-vm-shutdown"));
    }

    private final Process qemu;
    private final Process watchdog;
    private final Path runDir;
    private boolean ended; // guarded by this

    private QemuProcess(Process qemu, Process watchdog, Path runDir) {
        this.qemu = qemu;
        this.watchdog = watchdog;
        this.runDir = runDir;
    }

    /** Starts {@code plan}'s qemu; interactive: on this terminal, else with the console as a pipe. */
    static QemuProcess start(BootPlan plan, boolean interactive) {
        List<String> argv = plan.qemuArgv();
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (interactive) pb.inheritIO();
        else pb.redirectErrorStream(true);
        Process qemu;
        try {
            qemu = pb.start();
        } catch (IOException e) {
            deleteRunDir(plan.runDir());
            throw new VmException("cannot start " + argv.getFirst() + " (" + e.getMessage()
                    + "); install qemu-system-x86 (scripts/setup)", e);
        }
        Process watchdog;
        try {
            watchdog = new ProcessBuilder("sh", "-c", "read _ignored; kill -KILL \"$0\" 2>/dev/null", Long.toString(qemu.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            qemu.destroyForcibly();
            deleteRunDir(plan.runDir());
            throw new VmException("cannot start the qemu watchdog (sh): " + e.getMessage(), e);
        }
        QemuProcess p = new QemuProcess(qemu, watchdog, plan.runDir());
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

    /**
     * Writes {@code text} to {@code file} in the run folder, unless qemu was ended: the folder
     * is then being removed, and a file written into it meanwhile would keep it.
     */
    synchronized void writeWhileRunning(Path file, String text) throws IOException {
        if (ended) throw new IOException("the VM was stopped");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void kill() {
        synchronized (this) {
            ended = true;
        }
        qemu.destroyForcibly();
        awaitExit(5000);
        watchdog.destroyForcibly();
        deleteRunDir(runDir);
    }

    private static void deleteRunDir(Path dir) {
        try {
            KernelCache.deleteTree(dir);
        } catch (IOException ignored) {
            // a leftover folder under /tmp is harmless; a later boot removes it
        }
    }

    @Override
    public void close() {
        kill();
        LIVE.remove(this);
    }
}
