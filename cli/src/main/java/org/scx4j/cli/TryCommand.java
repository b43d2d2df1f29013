package org.scx4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scx4j.bpf.LibbpfLibrary;
import org.scx4j.schedulers.Catalog;
import org.scx4j.vm.Result;
import org.scx4j.vm.Spawned;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;
import org.scx4j.vm.VmOptions;
import org.scx4j.vm.VmTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scx4j try SCHEDULER}: the first thing a new user runs. Boots the built-in VM
 * (a sched_ext kernel), starts the scheduler there, shows that the kernel made it the
 * active scheduler, runs a workload while streaming the scheduler's output, stops it
 * with SIGINT as a user would, and sums up what happened. Needs no sched_ext on the host.
 */
@Command(name = "try", description = {"Try a scheduler in the built-in VM: start it, show it active, run a workload,",
    "stream its output, stop it with Ctrl-C (SIGINT) and print a summary.",
    "Example: scx4j try scx_simple --duration 20 -- -f"})
public final class TryCommand implements Callable<Integer> {
    // Generous: under TCG on a busy host the guest JVM alone can take a minute to start.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "SCHEDULER", description = "A scheduler from `scx4j list`, e.g. scx_simple.")
    String scheduler;

    @Parameters(index = "1..*", paramLabel = "OPTIONS", description = "The scheduler's own options (after --).")
    List<String> options = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "SECS", defaultValue = "20",
            description = "How long the workload runs (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--workload", paramLabel = "NAME", defaultValue = "mixed",
            description = "mixed (CPU hogs + wakeup-heavy messaging), cpu, messaging or idle (default: ${DEFAULT-VALUE}).")
    TryWorkload workload;

    @Mixin
    LayoutOptions layoutOptions = new LayoutOptions();

    @Override
    public Integer call() {
        var entry = Catalog.find(scheduler);
        if (entry.isEmpty()) {
            System.err.println("scx4j try: " + RunCommand.unknown(scheduler));
            return 2;
        }
        if (duration < 1) {
            System.err.println("scx4j try: --duration must be at least 1 second");
            return 2;
        }
        VmOptions vmOptions = VmOptions.defaults().withMemoryMiB(2048);
        try {
            VmTopology layout = layoutOptions.layout(null);
            if (layout != null) vmOptions = vmOptions.withTopology(layout);
        } catch (IllegalArgumentException e) {
            System.err.println("scx4j try: " + e.getMessage());
            return 2;
        }
        Path jar = GuestJava.jar();
        if (jar == null) {
            System.err.println("scx4j try: cannot find scx4j.jar to run in the guest; build it with ./scx4j or mvn package");
            return 2;
        }
        Path libbpf;
        try {
            libbpf = GuestJava.writeLibbpf();
        } catch (IOException e) {
            System.err.println("scx4j try: " + e.getMessage());
            return 1;
        }
        try (Vm vm = Vm.boot(vmOptions.withShare(libbpf.getParent()))) {
            return new TrySession(vm, entry.get().name(), options, GuestJava.command(jar, libbpf, entry.get().name(), options),
                    System.out).run(workload, duration);
        } catch (VmException e) {
            System.err.println("scx4j try: the VM failed: " + e.getMessage());
            return 1;
        }
    }

    /** The first words of a JVM's fatal error report. */
    static final String JVM_CRASH = "A fatal error has been detected by the Java Runtime Environment";

    /** One try in a booted guest; separate from option parsing so the steps read top to bottom. */
    record TrySession(Vm vm, String name, List<String> options, String[] command, java.io.PrintStream out) {

        int run(TryWorkload workload, int seconds) {
            out.printf("guest      linux %s, %s%n", vm.kernelRelease(), vm.accelerator());
            long start = System.nanoTime();
            out.printf("starting   %s%n", String.join(" ", name, String.join(" ", options)).strip());
            Spawned sched = vm.spawn(command);
            String active = awaitActive(sched);
            if (active == null) {
                if (!sched.isDone()) sched.signal("INT");
                Result r = sched.await(STOP_TIMEOUT);
                out.print(indent(r.stdout()));
                out.println(name + " did not become the active scheduler (exit code " + r.exitCode() + ")");
                hintIfTheJvmCrashed(r.stdout());
                return r.exitCode() == 0 ? 1 : r.exitCode();
            }
            out.printf("active     %s%n", active);
            out.printf("workload   %s for %d s%n", workload.description, seconds);
            int cpus = Integer.parseInt(vm.run("nproc").stdout().strip());
            Spawned load = vm.spawn("sh", "-c", workload.script(seconds, cpus));
            int shown = 0;
            while (!load.isDone()) {
                shown = stream(sched, shown);
                sleep(1000);
            }
            Result loadResult = load.await(Duration.ofSeconds(30));
            sched.signal("INT");
            Result schedResult = sched.await(STOP_TIMEOUT);
            String rest = schedResult.stdout();
            if (rest.length() > shown) out.print(indent(rest.substring(shown)));
            String after = vm.run("cat", "/sys/kernel/sched_ext/state").stdout().strip();
            double ran = (System.nanoTime() - start) / 1e9;
            out.println();
            out.println("summary");
            out.printf("  ran        %.1f s from start to exit, exit code %d%n", ran, schedResult.exitCode());
            out.printf("  exit       %s%n", lastLine(schedResult.stdout(), "EXIT:"));
            out.printf("  counters   %s%n", lastCounters(schedResult.stdout()));
            for (String line : loadResult.stdout().split("\n"))
                if (line.startsWith("RESULT ")) out.printf("  workload   %s%n", line.substring(7));
            out.printf("  state now  %s%n", after);
            hintIfTheJvmCrashed(schedResult.stdout());
            boolean ok = schedResult.exitCode() == 0 && loadResult.exitCode() == 0 && after.equals("disabled");
            return ok ? 0 : 1;
        }

        /** The guest JVM's own crash under multi-threaded TCG is most likely qemu's (see vm's Accelerator). */
        private void hintIfTheJvmCrashed(String output) {
            if (output.contains(JVM_CRASH) && vm.accelerator().equals("tcg"))
                out.println("hint       the guest JVM crashed: multi-threaded TCG can tear code the JVM rewrites;"
                        + " SCX4J_VM_TCG=single runs the vCPUs on one host thread and avoids it");
        }

        /** Polls sysfs until the scheduler is enabled ("enabled, ops NAME") or its process ends (null). */
        private String awaitActive(Spawned sched) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && !sched.isDone()) {
                String state = vm.run("cat", "/sys/kernel/sched_ext/state").stdout().strip();
                String ops = vm.run("sh", "-c", "cat /sys/kernel/sched_ext/root/ops 2>/dev/null || true").stdout().strip();
                if (state.equals("enabled") && !ops.isEmpty()) return "state " + state + ", ops " + ops;
                sleep(500);
            }
            return null;
        }

        /** Prints the scheduler's new complete lines since {@code shown}; returns the new mark. */
        private int stream(Spawned sched, int shown) {
            String so = sched.outputSoFar();
            int upTo = so.lastIndexOf('\n') + 1;
            if (upTo > shown) out.print(indent(so.substring(shown, upTo)));
            return Math.max(shown, upTo);
        }

        private static String indent(String text) {
            if (text.isEmpty()) return "";
            return "  | " + text.stripTrailing().replace("\n", "\n  | ") + "\n";
        }

        private static String lastLine(String text, String prefix) {
            String found = "(none)";
            for (String l : text.split("\n")) if (l.startsWith(prefix)) found = l;
            return found;
        }

        private static String lastCounters(String text) {
            String found = "(none printed)";
            for (String l : text.split("\n")) if (l.matches("\\S+=\\d+.*")) found = l;
            return found;
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How the guest runs this very jar with this very JDK (both visible at the same paths in
     * the guest), and the libbpf the jar carries, as an installed launcher does.
     */
    static final class GuestJava {
        private GuestJava() {}

        /**
         * The jar's libbpf written into a folder of its own, which the VM shares with the
         * guest; both are removed when this JVM exits, after a Ctrl-C too.
         */
        static Path writeLibbpf() throws IOException {
            byte[] library = LibbpfLibrary.bundled();
            Path dir = Files.createTempDirectory("scx4j-try-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(LibbpfLibrary.FILE);
            file.toFile().deleteOnExit(); // registered last, deleted first
            return Files.write(file, library);
        }

        /** The scx4j jar this process runs from, else the build's (or -Dscx4j.jar), else null. */
        static Path jar() {
            String prop = System.getProperty("scx4j.jar");
            if (prop != null) return Path.of(prop).toAbsolutePath();
            try {
                Path self = Path.of(TryCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(self)) return self;
            } catch (Exception e) {
                // fall through
            }
            Path built = Path.of("cli/target/scx4j.jar").toAbsolutePath();
            return Files.isRegularFile(built) ? built : null;
        }

        /** sh -c 'exec java ... -jar JAR run NAME OPTIONS 2>&1': the scheduler's output in one stream. */
        static String[] command(Path jar, Path libbpf, String name, List<String> options) {
            StringBuilder cmd = new StringBuilder("exec ").append(quote(System.getProperty("java.home") + "/bin/java"));
            // The JVM options and libbpf its installed launcher passes, so a try shows what users get.
            Catalog.require(name).kind().jvmOptions().forEach(o -> cmd.append(' ').append(o));
            cmd.append(' ').append(quote("-D" + LibbpfLibrary.PROPERTY + "=" + libbpf));
            cmd.append(" --enable-native-access=ALL-UNNAMED -jar ").append(quote(jar.toString()))
                    .append(" run ").append(quote(name));
            for (String o : options) cmd.append(' ').append(quote(o));
            return new String[] {"sh", "-c", cmd.append(" 2>&1").toString()};
        }

        static String quote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
