package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scx4j.vm.junit.VmExtension;

/**
 * {@code scx4j vm}, {@code try} and {@code bench} started by a script in the background, which hands
 * them SIGINT ignored: {@code kill -INT} once the guest is up still ends them with the JVM's
 * usual 130, print nothing misleading as their VM goes, and leave nothing behind (no qemu,
 * no temporary file). VmExtension only decides skip or run.
 */
@ExtendWith(VmExtension.class)
class BackgroundedToolIT {

    @ParameterizedTest
    @ValueSource(strings = {"vm --cpus 1 --memory 1G -- sleep 600", "try scx_simple --duration 600 --workload idle",
            "bench --schedulers eevdf,scx_simple --workloads messaging --runs 1"})
    void sigintEndsItAndItsVm(String command, @TempDir Path tmp) throws Exception {
        Job probe = Job.start("grep SigIgn /proc/self/status", tmp.resolve("probe"));
        assertThat(probe.awaitOutput()).as("the premise: a script's background job inherits SIGINT ignored")
                .containsPattern("SigIgn:\\s*\\p{XDigit}*[2367abef]\\n");

        Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
        Job job = Job.start(String.join(" ", GuestScheduler.JAVA, "-Djava.io.tmpdir=" + javaTmp,
                "--enable-native-access=ALL-UNNAMED", "-jar", GuestScheduler.jar().toString(), command), tmp.resolve("tool"));
        try {
            ProcessHandle tool = job.process();
            List<ProcessHandle> started = Await.until(() -> tool.descendants().toList(),
                    all -> all.stream().anyMatch(BackgroundedToolIT::isQemu), () -> !tool.isAlive(), Duration.ofMinutes(2),
                    Duration.ofMillis(200), () -> "its qemu; output:\n" + job.outputSoFar());
            Await.until(job::outputSoFar, out -> out.contains("guest ready in"), () -> !tool.isAlive(), Duration.ofMinutes(3),
                    Duration.ofMillis(200), () -> "the guest to boot");

            String before = job.outputSoFar();
            new ProcessBuilder("kill", "-INT", Long.toString(tool.pid())).start().waitFor();
            String output = job.awaitOutput();
            assertThat(output).as("its exit status after SIGINT").endsWith("exit=130\n");
            assertThat(output.substring(before.length())).as("nothing printed as its VM is torn down (after: %s)", before)
                    .doesNotContainIgnoringCase("fail").doesNotContain("exited").doesNotContain("Exception");
            for (ProcessHandle p : started) assertThat(p.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("%s", p.info()).isFalse();
            try (Stream<Path> left = Files.list(javaTmp)) {
                assertThat(left).as("its temporary files are gone").isEmpty();
            }
        } finally {
            job.kill();
        }
    }

    private static boolean isQemu(ProcessHandle p) {
        return p.info().command().map(c -> c.contains("qemu-system")).orElse(false);
    }

    /** {@code command} as a background job of {@code sh -c}; the script prints its output, then {@code exit=STATUS}. */
    private record Job(Process script, Path pidFile, Path out) {
        static Job start(String command, Path prefix) throws IOException {
            Path pid = Path.of(prefix + ".pid"), out = Path.of(prefix + ".out");
            Process script = new ProcessBuilder("sh", "-c", command + " > " + out + " 2>&1 &\necho $! > " + pid
                    + "\nwait $!\nrc=$?\ncat " + out + "\necho exit=$rc").redirectErrorStream(true).start();
            return new Job(script, pid, out);
        }

        ProcessHandle process() {
            String pid = Await.until(() -> read(pidFile).strip(), s -> !s.isEmpty(), () -> !script.isAlive(), Duration.ofSeconds(30),
                    Duration.ofMillis(100), () -> "the script's job to start");
            return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new AssertionError("the job ended at once:\n" + outputSoFar()));
        }

        /** Everything the script printed, once it ended (within a minute). */
        String awaitOutput() throws Exception {
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("the script ended; its job's output so far:\n%s", outputSoFar()).isTrue();
            return new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        String outputSoFar() {
            return read(out);
        }

        void kill() {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
