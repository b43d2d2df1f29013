package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quick start on Debian 13 for real: a trixie root filesystem made with Debian's own
 * bootstrap tool from the archive this machine uses, then, chrooted into it (with /proc,
 * /sys and /dev bound, the project read-only at /scx4j), {@code scripts/setup} installs everything,
 * a second run installs nothing, and {@code ./scx4j try scx_simple} runs there. Every
 * chroot runs in a mount namespace of its own, so its mounts end with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Debian13SetupIT {
    private static final Pattern ARCHIVE = Pattern.compile("(?m)^adds: .* from (\\S+) \\(signed-by");
    private final Path root = HostCommand.PROJECT.resolve("cli/target/debian13-root");

    @BeforeAll
    void bootstrap() throws IOException {
        assertThat(HostCommand.run(Duration.ofSeconds(10), "id", "-u").output().strip()).as("chroot needs root").isEqualTo("0");
        removeRoot();
        String plan = HostCommand.run(Duration.ofMinutes(1), "scripts/setup", "--plan").ok("setup --plan").output();
        Matcher archive = ARCHIVE.matcher(plan);
        assertThat(archive.find()).as("this machine's Debian archive, from: %s", plan).isTrue();
        HostCommand made = HostCommand.run(Duration.ofMinutes(15), "mmdebstrap", "--variant=apt", "--include=ca-certificates",
                "trixie", root.toString(), "deb " + archive.group(1) + " trixie main");
        System.out.printf("mmdebstrap trixie: %.0f s%n", made.took().toMillis() / 1000.0);
        made.ok("mmdebstrap");
        // The machine's own apt settings for its archive (e.g. how it checks release dates) apply here too.
        HostCommand.run(Duration.ofMinutes(1), "sh", "-c", "for f in /etc/apt/apt.conf.d/*; do grep -q '^Acquire::' \"$f\" && cp \"$f\" "
                + root + "/etc/apt/apt.conf.d/; done; true").ok("copy apt settings");
    }

    @Test
    @Order(1)
    void setupInstallsEverythingItNeeds() {
        HostCommand setup = chroot(Duration.ofMinutes(30), "scripts/setup");
        System.out.printf("scripts/setup on Debian 13: %.0f s%n%s%n", setup.took().toMillis() / 1000.0, setup.output());
        setup.ok("scripts/setup");
        assertThat(setup.output()).contains("all packages present");
        String plan = chroot(Duration.ofMinutes(1), "scripts/setup --plan").ok("setup --plan").output();
        List<String> packages = plan.lines().filter(l -> l.startsWith("package: ")).map(l -> l.split(" ")[1]).toList();
        assertThat(packages).contains("clang-19", "libbpf1", "qemu-system-x86", "openjdk-25-jdk-headless");
        String installed = chroot(Duration.ofMinutes(1), "dpkg-query -W -f='${Package} ${Status}\\n' " + String.join(" ", packages))
                .output();
        for (String p : packages) assertThat(installed).as("installed in the chroot").contains(p + " install ok installed");
    }

    @Test
    @Order(2)
    void secondRunIsSilentAndInstallsNothing() {
        String dpkgLog = "wc -l < /var/log/dpkg.log";
        String before = chroot(Duration.ofMinutes(1), dpkgLog).ok("dpkg log").output();
        HostCommand check = chroot(Duration.ofMinutes(1), "scripts/setup --check").ok("setup --check");
        System.out.printf("scripts/setup --check on Debian 13: %d ms (with the chroot's start)%n", check.took().toMillis());
        assertThat(check.output()).as("--check when all is present").isEmpty();
        assertThat(chroot(Duration.ofMinutes(5), "scripts/setup").ok("setup again").output()).isEmpty();
        assertThat(chroot(Duration.ofMinutes(1), dpkgLog).output()).as("dpkg's log after the second run").isEqualTo(before);
    }

    @Test
    @Order(3)
    void trySchedulerRunsThere() {
        HostCommand r = chroot(Duration.ofMinutes(20), "./scx4j try scx_simple --duration 5");
        System.out.println(r.output());
        r.ok("./scx4j try scx_simple in Debian 13");
        assertThat(r.output()).contains("active     state enabled, ops simple").contains("state now  disabled")
                .as("trixie's stress-ng reports its own way").containsPattern("workload   stress-ng cpu: \\d+ bogo ops");
    }

    @AfterAll
    void removeRoot() throws IOException {
        // Mounts live only in each chroot's own namespace; refuse to delete if one ever leaked here.
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mounts).as("nothing mounted under %s", root).doesNotContain(" " + root + "/");
        HostCommand.run(Duration.ofMinutes(5), "rm", "-rf", "--one-file-system", root.toString()).ok("rm the chroot");
    }

    /** Runs script in /scx4j of the trixie root, as root, with the machine's kernel cache and Maven repository. */
    private HostCommand chroot(Duration timeout, String script) {
        String mounts = String.join("; ",
                "set -e", "r=" + root, "mkdir -p $r/scx4j $r/var/cache/scx4j $r/root/.m2 /var/cache/scx4j $HOME/.m2",
                "mount --bind " + HostCommand.PROJECT + " $r/scx4j",
                // read-only: the host built the jar, and a rebuild here would pull it from under the other tests
                "mount -o remount,bind,ro $r/scx4j", "mount -t proc proc $r/proc",
                "mount --rbind /sys $r/sys", "mount --rbind /dev $r/dev",
                "mount --bind /var/cache/scx4j $r/var/cache/scx4j", "mount --bind $HOME/.m2 $r/root/.m2",
                "cp /etc/resolv.conf $r/etc/resolv.conf",
                "exec chroot $r /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb bash -c \"cd /scx4j && $0\"");
        return HostCommand.run(timeout, Map.of(), List.of("unshare", "--mount", "--propagation", "private", "bash", "-c", mounts, script));
    }
}
