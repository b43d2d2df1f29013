package org.scx4j.schedulers.flash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.scx4j.core.BpfScheduler.Running;

/**
 * {@code -I}: how long an idle CPU may take to resume (each CPU's
 * {@code power/pm_qos_resume_latency_us}), so that CPUs stay out of deep idle states.
 * Set while the scheduler runs; the values found are put back when it stops.
 */
final class IdleResumeLatency {
    static final Path CPUS = Path.of("/sys/devices/system/cpu");
    private static final String FILE = "power/pm_qos_resume_latency_us";

    private IdleResumeLatency() {}

    /** Writes micros for every CPU under cpus; the returned handle restores them. Problems are warnings on err. */
    static Running apply(Path cpus, long micros, PrintStream err) {
        Map<Path, String> before = new LinkedHashMap<>();
        try {
            for (Path f : files(cpus)) {
                String old = Files.readString(f).strip();
                Files.writeString(f, Long.toString(micros));
                before.put(f, old);
            }
        } catch (IOException | RuntimeException e) {
            err.println("scx_flash: cannot set the idle resume latency (-I " + micros + "): " + e.getMessage());
            restore(before, err);
            return () -> {};
        }
        if (before.isEmpty()) err.println("scx_flash: this kernel has no per-CPU idle resume latency; -I " + micros + " ignored");
        return () -> restore(before, err);
    }

    private static List<Path> files(Path cpus) throws IOException {
        try (Stream<Path> dirs = Files.list(cpus)) {
            return dirs.filter(d -> d.getFileName().toString().matches("cpu\\d+")).sorted()
                    .map(d -> d.resolve(FILE)).filter(Files::isRegularFile).toList();
        }
    }

    private static void restore(Map<Path, String> before, PrintStream err) {
        before.forEach((f, old) -> {
            try {
                Files.writeString(f, old);
            } catch (IOException e) {
                err.println("scx_flash: cannot restore " + f + " to " + old + ": " + e.getMessage());
            }
        });
    }
}
