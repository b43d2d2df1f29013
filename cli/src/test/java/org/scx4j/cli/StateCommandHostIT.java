package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar's {@code scx4j state} on this host, run as a user runs it. */
class StateCommandHostIT {

    private record Run(int exitCode, String out) {
    }

    private static Run run(String... args) throws Exception {
        String jar = System.getProperty("scx4j.jar");
        assertThat(jar).as("system property scx4j.jar (set by the build)").isNotNull();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "state"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void reportsThisKernelAndItsCpus() throws Exception {
        boolean hasSchedExt = Files.isDirectory(Path.of("/sys/kernel/sched_ext"));
        Run text = run();
        assertThat(text.exitCode()).as(text.out()).isEqualTo(hasSchedExt ? 0 : 1);
        String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
        assertThat(text.out()).contains("cpus         " + online + " online");
        if (!hasSchedExt) {
            assertThat(text.out()).contains("CONFIG_SCHED_CLASS_EXT", "scx4j vm");
        }
        Run json = run("--json");
        assertThat(json.exitCode()).isEqualTo(text.exitCode());
        assertThat(json.out()).contains("\"present\" : " + hasSchedExt, "\"online\" : \"" + online + "\"");
    }
}
