package org.scx4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.scx4j.cli.state.StateJson;
import org.scx4j.cli.state.StateText;
import org.scx4j.core.sysfs.SchedExtStatus;
import org.scx4j.core.sysfs.SchedExtSysfs;
import org.scx4j.core.sysfs.SysfsException;
import org.scx4j.core.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scx4j state}: what the kernel says about sched_ext (state, attached scheduler,
 * counters, event counters) and the CPU layout schedulers see, for people or, with
 * {@code --json}, for programs. It only reads sysfs, so it is safe to run any time.
 */
@Command(name = "state",
        description = {"Show what /sys/kernel/sched_ext says (state, current scheduler, counters, events) and the CPU topology.",
                "Exit status: 0 when the kernel has sched_ext, 1 when it lacks it, 2 when sysfs cannot be read."})
public final class StateCommand implements Callable<Integer> {

    static final int NO_SCHED_EXT = 1;
    static final int UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--sysfs-root", hidden = true, description = "Read this directory instead of /sys (for tests).")
    Path sysfsRoot = Path.of("/sys");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SchedExtSysfs sysfs = SchedExtSysfs.under(sysfsRoot);
            Optional<SchedExtStatus> status = sysfs.present() ? Optional.of(sysfs.status()) : Optional.empty();
            Topology topology = Topology.read(sysfsRoot);
            out.print(json ? StateJson.render(status, topology) : StateText.render(status, topology));
            out.flush();
            return status.isPresent() ? 0 : NO_SCHED_EXT;
        } catch (SysfsException e) {
            err.println("scx4j state: " + e.getMessage());
            err.flush();
            return UNREADABLE;
        }
    }
}
