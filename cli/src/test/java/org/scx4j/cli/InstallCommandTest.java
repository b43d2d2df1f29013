package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.bpf.LibbpfLibrary;
import org.scx4j.schedulers.Catalog;

/** install/uninstall into a temporary root, and systemd's own check of the unit. */
class InstallCommandTest {

    @TempDir
    Path root;
    Path jar;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void fakeJar() throws IOException {
        jar = Files.write(root.resolveSibling(root.getFileName() + "-scx4j.jar"), new byte[] {'P', 'K', 3, 4});
    }

    Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run install(String... extra) {
        var args = Stream.concat(Stream.of("install", "--root", root.toString(), "--jar", jar.toString()), Stream.of(extra));
        return run(args.toArray(String[]::new));
    }

    Path at(String path) {
        return root.resolve(path.substring(1));
    }

    @Test
    void installsJarLaunchersUnitAndConfig() throws IOException {
        var r = install("--flags", "-f --stats 1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(at("/usr/local/lib/scx4j/scx4j.jar")).hasBinaryContent(Files.readAllBytes(jar));
        // Every launcher loads the libbpf the jar carries, installed beside it under its final path.
        String usesInstalledLibbpf = "'-Dscx4j.libbpf=/usr/local/lib/scx4j/libbpf.so.1'";
        for (var e : Catalog.all()) {
            Path launcher = at("/usr/local/bin/" + e.name());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readString(launcher)).startsWith("#!/bin/sh\n")
                    .contains("-cp '/usr/local/lib/scx4j/scx4j.jar' org.scx4j.cli.Main run " + e.name() + " \"$@\"")
                    .contains(System.getProperty("java.home"))
                    .contains(" " + String.join(" ", e.kind().jvmOptions()) + " " + usesInstalledLibbpf + " --enable-native-access=ALL-UNNAMED ");
        }
        assertThat(at("/usr/local/lib/scx4j/libbpf.so.1")).hasBinaryContent(LibbpfLibrary.bundled());
        assertThat(Files.readString(at("/usr/local/bin/scx4j"))).contains(" " + usesInstalledLibbpf + " ");
        assertThat(Files.readString(at("/usr/local/bin/scx_simple"))).as("a BPF scheduler's Java side needs no JIT")
                .contains(" -Xint ");
        assertThat(Files.readString(at("/usr/local/bin/scx_javaland"))).as("a Java policy keeps the JIT for its decision path")
                .doesNotContain("-Xint");
        // A start-up cache names the jar's final path: none is trained for a packager's root.
        assertThat(at("/usr/local/lib/scx4j/scx4j-bpf.aot")).doesNotExist();
        assertThat(Files.readString(at("/usr/local/bin/scx_simple"))).doesNotContain("AOTCache");
        String unit = Files.readString(at("/etc/systemd/system/scx.service"));
        assertThat(unit).contains("ConditionPathIsDirectory=/sys/kernel/sched_ext\n")
                .contains("EnvironmentFile=/etc/default/scx\n")
                .contains("ExecStart=/bin/sh -c 'exec $${SCX_SCHEDULER_OVERRIDE:-$$SCX_SCHEDULER} $${SCX_FLAGS_OVERRIDE:-$$SCX_FLAGS}'\n")
                .contains("Restart=on-failure\n")
                .contains("Environment=PATH=/usr/local/bin:");
        String config = Files.readString(at("/etc/default/scx"));
        assertThat(config).contains("\nSCX_SCHEDULER=scx_cosmos\n").contains("\nSCX_FLAGS='-f --stats 1'\n")
                .contains("\nSCX_SCHEDULER_OVERRIDE=\n").contains("\nSCX_FLAGS_OVERRIDE=\n");
        assertThat(at("/usr/local/lib/scx4j/installed.json")).exists();
    }

    @Test
    void theConfigWorksAsAShellEnvironment() throws Exception {
        assertThat(install("--flags", "-f -v").code()).isZero();
        // What the unit's shell line expands to with this config, overrides unset and then set.
        String line = "exec echo ${SCX_SCHEDULER_OVERRIDE:-$SCX_SCHEDULER} ${SCX_FLAGS_OVERRIDE:-$SCX_FLAGS}";
        assertThat(shell("set -a; . " + at("/etc/default/scx") + "; " + line)).isEqualTo("scx_cosmos -f -v\n");
        assertThat(shell("set -a; . " + at("/etc/default/scx")
                + "; SCX_FLAGS_OVERRIDE='-x'; SCX_SCHEDULER_OVERRIDE=scx_other; " + line)).isEqualTo("scx_other -x\n");
    }

    static String shell(String script) throws Exception {
        var p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assertThat(install().code()).isZero();
        var verdict = systemdVerify(at("/etc/systemd/system/scx.service"));
        assertThat(verdict).isEmpty();
        // The check itself can fail: a broken copy of the unit is reported.
        Path broken = root.resolve("broken/scx.service");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(at("/etc/systemd/system/scx.service"))
                .replace("Restart=on-failure", "Restart=sometimes"));
        assertThat(systemdVerify(broken)).contains("restart specifier");
    }

    /** systemd-analyze verify's complaints (it exits 0 on some of them, so its output is the verdict). */
    static String systemdVerify(Path unit) throws Exception {
        var p = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return code == 0 ? out.strip() : "exit " + code + ": " + out;
    }

    @Test
    void anExistingConfigIsNeverOverwritten() throws IOException {
        Files.createDirectories(at("/etc/default"));
        Files.writeString(at("/etc/default/scx"), "SCX_SCHEDULER=scx_mine\n");
        var r = install();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("kept (existing config)");
        assertThat(at("/etc/default/scx")).hasContent("SCX_SCHEDULER=scx_mine");
        assertThat(run("uninstall", "--root", root.toString()).code()).isZero();
        assertThat(at("/etc/default/scx")).hasContent("SCX_SCHEDULER=scx_mine");
    }

    @Test
    void uninstallRemovesExactlyWhatWasInstalled() throws IOException {
        Files.createDirectories(at("/usr/local/bin"));
        Files.writeString(at("/usr/local/bin/someone-elses-tool"), "x");
        assertThat(install().code()).isZero();
        assertThat(install().out()).as("a second install replaces its own files").contains("replaced");
        var r = run("uninstall", "--root", root.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed");
        try (var left = Files.walk(root)) {
            assertThat(left.filter(Files::isRegularFile).map(p -> "/" + root.relativize(p)))
                    .containsExactly("/usr/local/bin/someone-elses-tool");
        }
        assertThat(at("/usr/local/lib/scx4j")).doesNotExist();
        var again = run("uninstall", "--root", root.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("nothing to uninstall");
    }

    @Test
    void anEditedConfigSurvivesUninstall() throws IOException {
        assertThat(install().code()).isZero();
        Files.writeString(at("/etc/default/scx"), "SCX_SCHEDULER=scx_simple\nSCX_FLAGS=-f\n");
        var r = run("uninstall", "--root", root.toString());
        assertThat(r.out()).contains("kept (changed since install)");
        assertThat(at("/etc/default/scx")).exists();
        assertThat(at("/usr/local/bin/scx_simple")).doesNotExist();
    }

    @Test
    void foreignFilesAreNotReplacedWithoutForce() throws IOException {
        Files.createDirectories(at("/usr/local/bin"));
        Files.writeString(at("/usr/local/bin/scx_simple"), "upstream binary");
        var r = install();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("exists and was not installed by scx4j").contains("--force");
        assertThat(at("/usr/local/bin/scx_simple")).hasContent("upstream binary");
        assertThat(at("/usr/local/lib/scx4j")).doesNotExist();
        assertThat(install("--force").code()).isZero();
        assertThat(Files.readString(at("/usr/local/bin/scx_simple"))).contains("run scx_simple");
    }

    @Test
    void badInputFailsClearly() {
        var r = install("--scheduler", "scx_nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown scheduler 'scx_nope'");
        r = run("install", "--root", root.toString(), "--jar", root.resolve("missing.jar").toString());
        assertThat(r.err()).contains("not found");
        r = install("--prefix", "relative/dir");
        assertThat(r.err()).contains("--prefix must be an absolute path");
        assertThat(at("/etc")).doesNotExist();
    }
}
