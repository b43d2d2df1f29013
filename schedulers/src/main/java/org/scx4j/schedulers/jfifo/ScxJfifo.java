package org.scx4j.schedulers.jfifo;

import org.scx4j.schedulers.DefaultsStart;
import org.scx4j.schedulers.JavaPolicyOptions;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.userspace.JavaScheduler;
import org.scx4j.userspace.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/**
 * scx_jfifo: the smallest Java scheduler, first in, first out. The policy is
 * {@link FifoPolicy}; this class is its options.
 */
@Command(name = "scx_jfifo", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A FIFO scheduler whose decisions are made in Java: tasks run in the order they became",
            "runnable. Prints the framework's counters each second; Ctrl-C stops it."})
public final class ScxJfifo extends JavaScheduler implements DefaultsStart {

    // A FIFO never preempts, so a task that wakes behind CPU hogs waits for a slice to end, and
    // slices end only at a tick (4 ms at HZ=250): 1 ms ends a hog's turn at the first tick it
    // reaches, 5 ms at the second or third.
    @Option(names = {"-s", "--slice-us"}, paramLabel = "US", description = "Time slice in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 1000;

    @Mixin
    JavaPolicyOptions common = new JavaPolicyOptions();

    @Override
    public Integer call() {
        if (sliceUs <= 0) {
            System.err.println("scx_jfifo: --slice-us must be positive, got " + sliceUs);
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
        return "scx_jfifo";
    }

    @Override
    protected String opsName() {
        return "jfifo";
    }

    @Override
    protected Policy newPolicy() {
        return new FifoPolicy(sliceUs * 1000);
    }
}
