package org.scx4j.schedulers.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.core.BpfScheduler.Running;

/** -I on a sysfs-shaped tree: every CPU's latency set while running and the old values put back. */
class IdleResumeLatencyTest {
    @TempDir
    Path cpus;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path cpu(String name, String latency) throws IOException {
        Path f = cpus.resolve(name).resolve("power/pm_qos_resume_latency_us");
        Files.createDirectories(f.getParent());
        Files.writeString(f, latency + "\n");
        return f;
    }

    @Test
    void setsEveryCpuAndRestoresWhatWasThere() throws IOException {
        Path c0 = cpu("cpu0", "0"), c1 = cpu("cpu1", "100");
        Files.createDirectories(cpus.resolve("cpufreq/power"));
        try (Running r = IdleResumeLatency.apply(cpus, 32, new PrintStream(err, true))) {
            assertThat(Files.readString(c0)).isEqualTo("32");
            assertThat(Files.readString(c1)).isEqualTo("32");
        }
        assertThat(Files.readString(c0)).isEqualTo("0");
        assertThat(Files.readString(c1)).isEqualTo("100");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aKernelWithoutTheFilesGetsAWarningAndNoChange() throws IOException {
        Files.createDirectories(cpus.resolve("cpu0"));
        IdleResumeLatency.apply(cpus, 32, new PrintStream(err, true)).close();
        assertThat(err.toString()).contains("no per-CPU idle resume latency; -I 32 ignored");
    }
}
