package org.scx4j.schedulers.userland;

import org.scx4j.bpf.BpfObject;
import org.scx4j.bpf.GlobalData;
import org.scx4j.core.KernelCompat;
import org.scx4j.schedulers.DefaultsStart;
import org.scx4j.schedulers.JavaPolicyOptions;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.userspace.Counters;
import org.scx4j.userspace.JavaScheduler;
import org.scx4j.userspace.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scx_userland: weighted vruntime order, decided in Java and sent back in batches. The
 * policy is {@link VruntimePolicy}; this class is its option ({@code -b}, upstream's) and its
 * once-a-second line, upstream's figures on one line followed by the framework's.
 */
@Command(name = "scx_userland", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A scheduler whose decisions are made in Java: smallest weighted vruntime first,",
            "dispatched in batches. Prints counters each second; Ctrl-C stops it."})
public final class ScxUserland extends JavaScheduler implements DefaultsStart {

    @Option(names = "-b", paramLabel = "BATCH",
            description = "The number of tasks to dispatch per round (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Mixin
    JavaPolicyOptions common = new JavaPolicyOptions();

    /** The slice of a nice 0 task: the kernel's default slice, read before load. */
    private long sliceNs = 20_000_000;

    @Override
    public Integer call() {
        if (batch <= 0) {
            System.err.println("scx_userland: -b must be a positive number of tasks, got " + batch);
            return 2;
        }
        return common.run(this);
    }

    @Override
    public void setVerbose(boolean verbose) {
        common.setVerbose(verbose);
    }

    @Override
    public String name() {
        return "scx_userland";
    }

    @Override
    protected String opsName() {
        return "userland";
    }

    @Override
    public void configure(GlobalData rodata, KernelCompat kernel) {
        super.configure(rodata, kernel);
        sliceNs = kernel.value("SCX_SLICE_DFL");
    }

    @Override
    protected Policy newPolicy() {
        return new VruntimePolicy(sliceNs, batch);
    }

    @Override
    public String report(BpfObject loaded) {
        return upstreamLine(Counters.read(loaded.bss())) + " | " + super.report(loaded);
    }

    /**
     * Upstream's figures: enqueues BPF kept (kern: the JVM's threads and kernel threads),
     * sent to the policy (user) or dispatched by BPF because the policy could not take or
     * answer them in time (failed); then the policy's enqueues, its applied dispatches and
     * the dispatches that failed (stale or malformed).
     */
    static String upstreamLine(Counters c) {
        long kern = c.jvm() + c.kthread();
        long failed = c.fallback() + c.ringFull();
        return String.format("bpf: kern=%d user=%d failed=%d total=%d vruntime: enq=%d disp=%d failed=%d",
                kern, c.queued(), failed, kern + c.queued() + failed, c.queued(), c.userDispatched(),
                c.stale() + c.failed());
    }
}
