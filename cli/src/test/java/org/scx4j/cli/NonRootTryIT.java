package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./scx4j try scx_simple} as an ordinary user, once root has run the set-up: the
 * kernel cache goes under the user's own cache folder (downloaded there as that user) and
 * qemu emulates without privileges. The user (nobody, with a fresh home) runs its own copy
 * of the built project, as from a clone of its own.
 */
class NonRootTryIT {
    private static final String USER = "65534";

    @Test
    void tryRunsAsAnOrdinaryUserWithTheKernelCacheInItsHome() throws IOException {
        assertThat(HostCommand.run(Duration.ofSeconds(10), "id", "-u").output().strip())
                .as("this test starts the ordinary user from root").isEqualTo("0");
        // Not under /tmp: the guest has a /tmp of its own and would not see the user's files.
        Path home = Files.createTempDirectory(Path.of("/var/tmp"), "scx4j-user");
        Path clone = home.resolve("scx4j");
        Files.createDirectories(clone.resolve("cli/target"));
        for (String part : List.of("scx4j", "scripts", "bin")) {
            HostCommand.run(Duration.ofMinutes(1), "cp", "-a", part, clone.toString()).ok("copy " + part);
        }
        Files.copy(HostCommand.PROJECT.resolve("cli/target/scx4j.jar"), clone.resolve("cli/target/scx4j.jar"));
        HostCommand.run(Duration.ofMinutes(1), "chown", "-R", USER + ":" + USER, home.toString()).ok("chown");
        HostCommand.run(Duration.ofMinutes(1), "chmod", "755", home.toString()).ok("chmod");
        try {
            HostCommand r = HostCommand.run(Duration.ofMinutes(20), Map.of(), List.of("env", "-i", "PATH=/usr/bin:/bin",
                    "HOME=" + home, "setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups",
                    "sh", "-c", "cd " + clone + " && ./scx4j try scx_simple --duration 5"));
            System.out.println(r.output());
            r.ok("scx4j try as user " + USER);
            assertThat(r.output()).contains("active     state enabled, ops simple").contains("state now  disabled");
            try (Stream<Path> kernels = Files.list(home.resolve(".cache/scx4j/kernels"))) {
                Path kernel = kernels.findFirst().orElseThrow();
                assertThat(kernel.resolve("vmlinux")).as("the kernel went to the user's cache").isRegularFile();
                assertThat(Files.getOwner(kernel.resolve("vmlinux")).getName()).isNotEqualTo("root");
            }
        } finally {
            HostCommand.run(Duration.ofMinutes(1), "rm", "-rf", home.toString());
        }
    }
}
