package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code scripts/setup} decides on each system it knows, read from fixture trees
 * ({@code src/test/resources/setup/NAME}: {@code /etc/os-release}, apt sources in one-line
 * or deb822 form, and apt's versions per suite as {@code apt-cache madison} prints them;
 * the Debian ones recorded from real systems). {@code --plan} changes nothing.
 */
class SetupScriptTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void debian12AddsNewerSuitesFromItsOwnSourceAndTakesTooOldPackagesFromBackports() {
        List<String> plan = plan("debian12");
        assertThat(plan).contains("system: debian 12 (bookworm)",
                "adds: bookworm-backports trixie-backports sid from http://mirror.invalid/debian"
                        + " (signed-by /usr/share/keyrings/debian-archive-keyring.gpg)",
                "pins: bookworm-backports=100 trixie-backports=1 unstable=1",
                // bookworm's own libbpf is 1.1, its qemu 7.2: both too old
                "package: libbpf1 bookworm-backports", "package: qemu-system-x86 bookworm-backports",
                "package: clang-19 bookworm", "package: stress-ng bookworm");
        assertThat(plan).as("trixie's and sid's packages need a newer libc than bookworm has")
                .noneMatch(line -> line.startsWith("package: ") && (line.endsWith(" sid") || line.endsWith(" trixie-backports")));
    }

    @Test
    void debian13OneLineSourceTakesEverythingFromTrixieWhereItIsNewEnough() {
        List<String> plan = plan("debian13-one-line");
        assertThat(plan).contains("system: debian 13 (trixie)",
                "adds: trixie-backports sid from http://mirror.invalid/debian"
                        + " (signed-by /usr/share/keyrings/debian-archive-keyring.gpg)",
                "pins: trixie-backports=100 unstable=1",
                "package: libbpf1 trixie", "package: qemu-system-x86 trixie", "package: bpftool trixie",
                "package: openjdk-25-jdk-headless trixie");
    }

    @Test
    void debian13Deb822SourceTakesTheJdkFromTheOldestSuiteThatHasIt() {
        // The same archive as above, but with no JDK 25 in trixie itself.
        List<String> plan = plan("debian13-deb822");
        assertThat(plan).contains("adds: trixie-backports sid from http://mirror.invalid/debian"
                        + " (signed-by /usr/share/keyrings/debian-archive-keyring.gpg)",
                "package: openjdk-25-jdk-headless sid", "package: clang-19 trixie");
    }

    @Test
    void ubuntuUsesItsOwnArchiveOnlyUnderItsOwnPackageNames() {
        List<String> plan = plan("ubuntu2404");
        assertThat(plan).first().isEqualTo("system: ubuntu 24.04");
        assertThat(plan).noneMatch(line -> line.startsWith("adds: "));
        assertThat(plan.get(1)).startsWith("packages: ").contains("libbpf-dev", "qemu-system-x86", "linux-tools-common")
                .doesNotContain("linux-perf", "bpftool");
    }

    @Test
    void otherSystemsGetTheInstallCommandInTheirOwnTerms() {
        assertThat(plan("fedora41")).containsExactly("system: unsupported fedora 41",
                "install: dnf install clang llvm busybox stress-ng rt-tests zstd xz socat python3 maven cpio systemd"
                        + " libbpf libbpf-devel bpftool qemu-system-x86 perf java-25-openjdk-devel");
    }

    private static List<String> plan(String fixture) {
        Path root = PROJECT.resolve("cli/src/test/resources/setup").resolve(fixture);
        ProcessBuilder pb = new ProcessBuilder("bash", PROJECT.resolve("scripts/setup").toString(), "--plan")
                .redirectErrorStream(true);
        pb.environment().put("SCX4J_SETUP_ROOT", root.toString());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out.lines().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
