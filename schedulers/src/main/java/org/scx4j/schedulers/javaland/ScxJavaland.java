package org.scx4j.schedulers.javaland;

import org.scx4j.schedulers.DefaultsStart;
import org.scx4j.schedulers.JavaPolicyOptions;
import org.scx4j.schedulers.SchedulerVersion;
import org.scx4j.userspace.JavaScheduler;
import org.scx4j.userspace.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/**
 * scx_javaland: vruntime-ordered scheduling decided in Java, with a boost for interactive
 * tasks and slices that shrink as the queue grows. The policy is {@link JavalandPolicy};
 * this class is its options (those of the upstream scx_rustland).
 */
@Command(name = "scx_javaland", mixinStandardHelpOptions = true, versionProvider = SchedulerVersion.class,
        description = {"A scheduler whose decisions are made in Java: earliest virtual deadline first, interactive",
            "tasks boosted, slices scaled by the number of waiting tasks. Prints counters each second; Ctrl-C stops it."})
public final class ScxJavaland extends JavaScheduler implements DefaultsStart {

    @Option(names = {"-s", "--slice-us"}, paramLabel = "US",
            description = "Maximum time slice in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUs = 20_000;

    @Option(names = {"-S", "--slice-us-min"}, paramLabel = "US",
            description = "Minimum time slice in microseconds (default: ${DEFAULT-VALUE}).")
    long sliceUsMin = 1000;

    @Mixin
    JavaPolicyOptions common = new JavaPolicyOptions();

    @Override
    public Integer call() {
        if (sliceUsMin <= 0 || sliceUs < sliceUsMin) {
            System.err.println("scx_javaland: need 0 < --slice-us-min <= --slice-us, got " + sliceUsMin + " and " + sliceUs);
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
        return "scx_javaland";
    }

    @Override
    protected String opsName() {
        return "javaland";
    }

    @Override
    protected Policy newPolicy() {
        return new JavalandPolicy(sliceUs * 1000, sliceUsMin * 1000);
    }
}
