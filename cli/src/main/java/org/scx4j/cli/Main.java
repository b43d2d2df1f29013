package org.scx4j.cli;

import org.scx4j.core.StartupClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code scx4j} command: one entry point for running, trying, watching and
 * installing schedulers, and for the built-in VM. Each subcommand is a small
 * class of its own; this class only wires them together.
 */
@Command(name = "scx4j",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "sched_ext schedulers and their tools, with every userspace part in Java.",
        subcommands = {
            RunCommand.class,
            TryCommand.class,
            ListCommand.class,
            StateCommand.class,
            MonitorCommand.class,
            VmCommand.class,
            BenchCommand.class,
            InstallCommand.class,
            UninstallCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        StartupClock.mark("JVM started, main entered");
        // No option takes a date, time or SQL type: picocli then skips initializing those JDK classes.
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        // `run NAME ...` is what every launcher and the service start: it goes straight to
        // the scheduler's own command, skipping the model of every other subcommand.
        if (args.length >= 2 && args[0].equals("run") && !args[1].startsWith("-")) {
            org.scx4j.bpf.BpfObject.linkAhead(); // meanwhile: the signals, the command line, the checks
            org.scx4j.core.SchedulerRuntime.catchStopSignals();
            var entry = org.scx4j.schedulers.Catalog.find(args[1]);
            if (entry.isPresent()) exit(entry.get().run(java.util.Arrays.copyOfRange(args, 2, args.length)));
        }
        ToolSignals.exitOnStop();
        System.exit(commandLine().execute(args));
    }

    /**
     * Exits a scheduler's run. A load-only start, which trains the start-up caches, halts
     * instead: {@code System.exit} logs through {@code System.Logger}, and the 60-70 classes
     * that takes would join the caches and load before every start's {@code main}. The JVM
     * still writes the cache when it halts; nothing is attached, so no shutdown work is due.
     */
    private static void exit(int code) {
        if (org.scx4j.core.SchedulerRuntime.loadOnly()) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
