package org.scx4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scx4j.vm.CommandTimeoutException;
import org.scx4j.vm.KernelCache;
import org.scx4j.vm.Progress;
import org.scx4j.vm.Result;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;
import org.scx4j.vm.VmOptions;
import org.scx4j.vm.VmShell;
import org.scx4j.vm.VmTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scx4j vm}: boots a sched_ext kernel under qemu on this machine's own root
 * filesystem and runs one command in it as root (streaming its output, exiting
 * with its status), or opens an interactive root shell when no command is given.
 * The way to try sched_ext on a machine whose kernel lacks it.
 */
@Command(name = "vm",
        description = {"Boot a sched_ext kernel under qemu and run COMMAND in it as root (or a shell).",
            "The host's / is the guest's root (read-only, under a writable overlay); the",
            "project folder (git top-level) and every --share DIR are writable, so results",
            "land on the host.",
            "Exit status: COMMAND's, 124 when it timed out, 125 when the VM failed."},
        footer = {"", "Examples:", "  scx4j vm -- cat /sys/kernel/sched_ext/state", "  scx4j vm --kernel 7.2 --cpus 4 -- uname -r",
            "  scx4j vm --topology sockets=2,cores=2,threads=2 --numa 2 -- lscpu",
            "  scx4j vm                     (interactive shell; Ctrl-D powers off)"})
public final class VmCommand implements Callable<Integer> {

    static final int TIMED_OUT = 124;
    static final int VM_FAILED = 125;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--cpus", paramLabel = "N", description = "virtual CPUs (default: this machine's count)")
    Integer cpus;

    @Mixin
    LayoutOptions layoutOptions = new LayoutOptions();

    @Option(names = "--memory", paramLabel = "SIZE", description = "guest memory, e.g. 4G, 1536M (default 4G)")
    String memory;

    @Option(names = "--kernel", paramLabel = "VERSION", description = "kernel release or prefix, e.g. 7.2 (default: the newest)")
    String kernel;

    @Option(names = "--timeout", paramLabel = "SECS", description = "seconds COMMAND may run (default 3600)")
    long timeoutSeconds = 3600;

    @Option(names = "--share", paramLabel = "DIR", description = "also mount DIR writable at the same path (repeatable)")
    List<Path> shares = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command and its arguments (after --)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        VmOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("scx4j vm: " + e.getMessage());
            return 2;
        }
        try {
            if (command.isEmpty()) return VmShell.run(options, KernelCache.standard(), Progress.STDERR);
            try (Vm vm = Vm.boot(options)) {
                Result r = vm.spawn(command.toArray(String[]::new)).follow(Duration.ofSeconds(timeoutSeconds), System.out, System.err);
                return r.exitCode();
            }
        } catch (CommandTimeoutException e) {
            System.err.println("scx4j vm: " + String.join(" ", command) + " did not finish within " + timeoutSeconds
                    + " s; it was killed (raise --timeout if it needs longer)");
            return TIMED_OUT;
        } catch (VmException e) {
            System.err.println("scx4j vm: " + e.getMessage());
            return VM_FAILED;
        }
    }

    VmOptions options() {
        if (timeoutSeconds <= 0) throw new IllegalArgumentException("--timeout must be a positive number of seconds");
        VmOptions o = VmOptions.defaults();
        VmTopology t = layoutOptions.layout(cpus);
        if (t != null) o = o.withTopology(t);
        if (memory != null) o = o.withMemoryMiB(mebibytes(memory));
        if (kernel != null) o = o.withKernel(kernel);
        for (Path s : shares) o = o.withShare(s);
        return o;
    }

    /** "4G", "1536M", "1536" (MiB) -> MiB. */
    static long mebibytes(String size) {
        String s = size.strip().toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
        long factor = 1;
        if (s.endsWith("G")) factor = 1024;
        if (s.endsWith("G") || s.endsWith("M")) s = s.substring(0, s.length() - 1);
        try {
            long v = Long.parseLong(s) * factor;
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--memory takes a size like 4G or 1536M, not '" + size + "'");
        }
    }
}
