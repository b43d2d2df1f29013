package org.scx4j.cli.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmOptions;
import org.scx4j.vm.VmTopology;

/**
 * One bench from boot to results: boots the VM once with the plan's CPU
 * count, runs every workload under every scheduler in it, and names the
 * machine. Schedulers start in the guest from a snapshot of this jar and
 * from this JDK, external ones from their host paths (the host's files are
 * visible in the guest at the same paths; see {@link GuestCommands} for the
 * exceptions).
 */
public final class BenchSession {

    private BenchSession() {}

    /**
     * Boots, runs the plan, shuts down.
     *
     * @param layout the guest's CPU layout; null for the plan's CPU count as cores of one socket
     * @param kernel guest kernel release or prefix; null for the newest
     * @throws IllegalStateException when the jar to start schedulers from is missing
     * @throws java.io.UncheckedIOException when an external command cannot be made visible to the guest
     * @throws org.scx4j.vm.VmException when the VM cannot boot
     */
    public static BenchResults run(BenchPlan plan, VmTopology layout, String kernel) {
        Path jar = schedulerJar();
        boolean needsJar = plan.needsJar();
        if (needsJar && !Files.isRegularFile(jar)) {
            throw new IllegalStateException("the scx4j jar to start schedulers in the VM is missing: " + jar
                    + "; build it with 'scripts/build' (or run through ./scx4j, which builds it)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // vCPUs in parallel, as on hardware: a wake-up on another CPU must not wait for this one's turn.
        VmOptions options = VmOptions.defaults().withTopology(layout == null ? VmTopology.flat(plan.cpus()) : layout)
                .withVcpuThreads(true);
        if (kernel != null) {
            options = options.withKernel(kernel);
        }
        try (JarSnapshot snapshot = needsJar ? JarSnapshot.of(jar) : null; GuestCommands external = GuestCommands.of(plan.externals());
                Vm vm = Vm.boot(options)) {
            String guestJar = snapshot == null ? jar.toString() : snapshot.path().toString();
            BenchMachine machine = new BenchMachine(HostCpu.model(), vm.accelerator(), vm.kernelRelease(), options.topology(), options.memoryMiB());
            GuestLauncher launcher = new GuestLauncher(java, guestJar, external.commands());
            List<RunRecord> runs = new BenchRunner(vm, plan, launcher, ProgressLine.forStderr()).runAll();
            return new BenchResults(machine, plan.schedulers(), plan.workloads(), runs);
        }
    }

    /**
     * The jar schedulers are started from: the system property {@code scx4j.jar}
     * when set (the integration tests, whose classpath holds the unshaded jar),
     * else the running jar, else the project's build output.
     */
    static Path schedulerJar() {
        String property = System.getProperty("scx4j.jar");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        try {
            Path self = Path.of(BenchSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self.toAbsolutePath();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // Fall back to the build output below.
        }
        return Path.of("cli", "target", "scx4j.jar").toAbsolutePath();
    }
}
