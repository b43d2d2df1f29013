package org.scx4j.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scx4j.cli.GuestScheduler;
import org.scx4j.cli.conformance.CompatibilityMatrix.Cell;
import org.scx4j.core.Preflight;
import org.scx4j.schedulers.Catalog;
import org.scx4j.vm.Result;
import org.scx4j.vm.Vm;
import org.scx4j.vm.junit.VmExtension;

/**
 * The contract every scheduler in the {@link Catalog} meets on one kernel, in one VM boot:
 * a new scheduler is covered by adding its catalog line, with no test code of its own.
 * Each subclass names a kernel and how much of the contract runs there; both record their
 * column of the compatibility matrix, and whichever finishes last prints the whole matrix.
 * Kernel-independent conventions ({@code -V}, {@code -h}, bad options, {@code --help-stats})
 * are checked on the host by {@code LauncherConventionsIT}.
 */
@ExtendWith(VmExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {
    private final List<Cell> cells = new ArrayList<>();
    private String kernel = "unknown";
    private Vm installedIn;

    /** Seconds of stress-ng, the window they run in, and whether CPU hotplug is exercised. */
    abstract int stressSeconds();

    abstract int windowSeconds();

    abstract boolean hotplug();

    /** What runs on this kernel, for the matrix's column title. */
    abstract String label();

    /** Every catalog entry; {@code -Dscx4j.conformance.only=scx_a,scx_b} narrows a run while developing one. */
    static Stream<String> schedulers() {
        List<String> only = List.of(System.getProperty("scx4j.conformance.only", "").split(","));
        return Catalog.all().stream().map(Catalog.Entry::name)
                .filter(name -> only.equals(List.of("")) || only.contains(name));
    }

    /**
     * Installs scx4j in the guest as a user would, so each scheduler starts from its installed
     * launcher; again in a new boot, when the last guest died and the extension booted another.
     */
    private void installIn(Vm vm) {
        if (vm == installedIn) return;
        kernel = vm.kernelRelease();
        Result r = vm.run(Duration.ofMinutes(6), GuestScheduler.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                GuestScheduler.jar().toString(), "install", "--prefix", "/usr/local");
        String said = r.stdout() + r.stderr();
        assertThat(r.exitCode()).as("scx4j install in the guest: %s", said).isZero();
        // Each start-up cache (two per kind: with options, and with the defaults that skip
        // picocli) was trained on a start that loaded its BPF programs and attached nothing.
        int caches = 2 * Catalog.Kind.values().length;
        assertThat(said.lines().filter(l -> l.matches(".*trained; .* loaded and verified in \\d+ ms; not attached \\(SCX4J_LOAD_ONLY\\)")))
                .as("every start-up cache trained through the kernel's verifier: %s", said).hasSize(caches);
        assertThat(vm.run(Duration.ofSeconds(30), "cat", "/sys/kernel/sched_ext/state").stdout().strip()).isEqualTo("disabled");
        installedIn = vm;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scx4j.cli.conformance.ConformanceSuite#schedulers")
    void meetsTheContract(String name, Vm vm) {
        installIn(vm);
        Catalog.Entry entry = Catalog.require(name);
        SchedulerContract contract = new SchedulerContract(vm, entry);
        boolean supported = Preflight.atLeast(kernel, entry.minimumKernel());
        try {
            if (supported) contract.run(stressSeconds(), windowSeconds(), hotplug());
            else contract.refusesClearly();
        } catch (AssertionError e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            cells.add(new Cell(name, "fail", why.replaceFirst(".*failed at step ", "step ").replace('\t', ' ')));
            throw e;
        }
        cells.add(supported ? new Cell(name, "pass", contract.figures())
                : new Cell(name, "not supported", "needs " + entry.minimumKernel() + "; refused clearly"));
        System.out.printf("conformance: %s on %s: %s%n", name, kernel, cells.getLast().text());
    }

    @AfterAll
    void printMatrix() {
        CompatibilityMatrix matrix = CompatibilityMatrix.forThisBuild();
        matrix.record(kernel, label(), cells);
        System.out.printf("%ncompatibility (scheduler x kernel), this build so far:%n%s(%s)%n", matrix.text(), matrix.writeMarkdown());
    }
}
