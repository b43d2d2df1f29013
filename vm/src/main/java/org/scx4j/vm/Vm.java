package org.scx4j.vm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running guest with a sched_ext kernel, booted under qemu on the host's own
 * root filesystem, that runs many commands per boot (one after another or at the
 * same time) and returns each one's exit code, stdout and stderr. This is how
 * scx4j reaches sched_ext on machines whose kernel lacks it, and what every
 * scheduler test runs in. Closing it powers the guest off; qemu never outlives it.
 */
public final class Vm implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** A KVM guest that has not answered by then is taken as KVM not working here (seen in nested setups). */
    private static final Duration KVM_BOOT_LIMIT = Duration.ofSeconds(40);

    private final BootPlan plan;
    private final QemuProcess qemu;
    private final ConsoleLog console;
    private final AgentLink agent;
    private final String release;
    private final Duration bootTime;
    private final AtomicLong ids = new AtomicLong();

    private Vm(BootPlan plan, QemuProcess qemu, ConsoleLog console, AgentLink agent, String release, Duration bootTime) {
        this.plan = plan;
        this.qemu = qemu;
        this.console = console;
        this.agent = agent;
        this.release = release;
        this.bootTime = bootTime;
    }

    /** Boots with the standard kernel cache, reporting slow steps on standard error. */
    public static Vm boot(VmOptions options) {
        return boot(options, KernelCache.standard(), Progress.STDERR);
    }

    /**
     * Boots and waits until the guest agent answers. Throws {@link VmException}
     * (with the console tail) when qemu fails, the guest panics or the boot timeout passes.
     */
    public static Vm boot(VmOptions options, KernelCache cache, Progress progress) {
        BootPlan plan = BootPlan.prepare(options, cache, progress, "agent");
        progress.step(String.format("booting linux %s (%s, %s, %d MiB)", plan.kernel().release(),
                plan.accelerator().label(), options.topology().describe(), options.memoryMiB()));
        long started = System.nanoTime();
        long deadline = started + options.bootTimeout().toNanos();
        QemuProcess qemu = QemuProcess.start(plan, false);
        ConsoleLog console = new ConsoleLog();
        console.drain(qemu.process().getInputStream());
        AgentLink agent = null;
        try {
            agent = AgentLink.connect(plan.agentSocket(), qemu, deadline, () -> gone(qemu, console));
            long kvmDeadline = plan.accelerator() == Accelerator.KVM ? started + KVM_BOOT_LIMIT.toNanos() : Long.MAX_VALUE;
            String release = awaitReady(agent, console, deadline, kvmDeadline);
            if (release == null) {
                cleanUp(qemu, agent);
                String why = console.kvmFailed() ? "qemu reported a KVM internal error"
                        : "no answer within " + KVM_BOOT_LIMIT.toSeconds() + " s, where KVM boots in about one";
                return bootWithTcg(options, cache, progress, why);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            progress.step(String.format("guest ready in %.1f s", took.toMillis() / 1000.0));
            return new Vm(plan, qemu, console, agent, release, took);
        } catch (TimeoutException e) {
            cleanUp(qemu, agent);
            throw new VmException("the guest did not boot within " + options.bootTimeout().toSeconds()
                    + " s (raise the boot timeout under heavy load)", console.tail(40), null);
        } catch (ExecutionException e) {
            String kvmAbort = kvmAbort(plan, qemu, console);
            cleanUp(qemu, agent);
            if (kvmAbort != null) return bootWithTcg(options, cache, progress, kvmAbort);
            throw e.getCause() instanceof VmException v ? v : new VmException("boot failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            cleanUp(qemu, agent);
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while booting", e);
        } catch (RuntimeException e) {
            String kvmAbort = kvmAbort(plan, qemu, console);
            cleanUp(qemu, agent);
            if (kvmAbort != null) return bootWithTcg(options, cache, progress, kvmAbort);
            throw e;
        }
    }

    /**
     * Why qemu died under KVM before the guest answered (some hosts' /dev/kvm opens but
     * aborts qemu, e.g. on an MSR it cannot set), or null when it did not.
     */
    private static String kvmAbort(BootPlan plan, QemuProcess qemu, ConsoleLog console) {
        if (plan.accelerator() != Accelerator.KVM || console.panicked() || !qemu.awaitExit(2000)) return null;
        return "qemu exited with status " + qemu.process().exitValue() + " under KVM";
    }

    private static Vm bootWithTcg(VmOptions options, KernelCache cache, Progress progress, String why) {
        Accelerator.markKvmUnusable(cache.root(), why);
        progress.step("KVM cannot run this guest here (" + why + "); booting again with TCG");
        return boot(options, cache, progress);
    }

    /** The agent's READY answer (the release), or null when KVM failed; throws TimeoutException at the deadline. */
    private static String awaitReady(AgentLink agent, ConsoleLog console, long deadline, long kvmDeadline)
            throws TimeoutException, ExecutionException, InterruptedException {
        while (true) {
            try {
                return agent.ready().get(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (console.kvmFailed() || System.nanoTime() >= kvmDeadline) return null;
                if (System.nanoTime() >= deadline) throw e;
            }
        }
    }

    /** Runs argv as root in the guest and waits for it (at most 5 minutes). */
    public Result run(String... argv) {
        return run(DEFAULT_TIMEOUT, argv);
    }

    /** Runs argv as root in the guest and waits at most timeout; see {@link Spawned#await}. */
    public Result run(Duration timeout, String... argv) {
        return spawn(argv).await(timeout);
    }

    /** Starts argv as root in the guest, in the host's current folder, without waiting for it. */
    public Spawned spawn(String... argv) {
        if (argv.length == 0) throw new IllegalArgumentException("no command given");
        List<String> words = List.of(argv);
        String id = "c" + ids.incrementAndGet();
        try {
            qemu.writeWhileRunning(plan.ctlDir().resolve(id + ".sh"), Shell.execScript(System.getProperty("user.dir"), words));
        } catch (IOException e) {
            throw new VmException("cannot hand the command to the guest via " + plan.ctlDir() + ": " + e.getMessage(), e);
        }
        return new Spawned(this, id, words, agent.start(id, "RUN " + id), plan.ctlDir());
    }

    /** The guest kernel's release, as {@code uname -r} prints it there. */
    public String kernelRelease() {
        return release;
    }

    /** Time from qemu's start to the guest agent's first answer. */
    public Duration bootTime() {
        return bootTime;
    }

    /** "kvm", "tcg" or "tcg-single" (software emulation on one host thread). */
    public String accelerator() {
        return plan.accelerator().label();
    }

    /** The last lines of the guest's serial console (kernel messages). */
    public String consoleTail() {
        return console.tail(40);
    }

    /** The host pid of this VM's qemu (for tests of its clean-up). */
    long qemuPid() {
        return qemu.process().pid();
    }

    public boolean isAlive() {
        return qemu.alive();
    }

    AgentLink agent() {
        return agent;
    }

    /** Powers the guest off (briefly waiting for it), then makes sure qemu is gone. */
    @Override
    public void close() {
        if (qemu.alive()) {
            try {
                agent.send("OFF");
                qemu.awaitExit(3000);
            } catch (VmException ignored) {
                // the agent is gone already; qemu is killed below
            }
        }
        cleanUp(qemu, agent);
    }

    private static void cleanUp(QemuProcess qemu, AgentLink agent) {
        qemu.close(); // and its run folder
        if (agent != null) agent.close();
    }

    /** Why the guest stopped answering: a panic, qemu's exit, or a dropped link. */
    private static VmException gone(QemuProcess qemu, ConsoleLog console) {
        if (qemu.awaitExit(2000)) console.awaitEnd(2000);
        if (console.panicked()) return new GuestPanicException("the guest kernel panicked", console.panicReport(40));
        if (!qemu.alive()) {
            return new VmException("qemu exited (status " + qemu.process().exitValue() + ")", console.tail(40), null);
        }
        return new VmException("the link to the guest agent dropped", console.tail(40), null);
    }
}
