package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scx4j.schedulers.Catalog;

/** The source tree's {@code bin/} has a launcher for every scheduler in the catalog, as the README promises. */
class TreeLaunchersTest {
    private static final Path BIN = Path.of(System.getProperty("user.dir")).getParent().resolve("bin");

    @Test
    void everySchedulerHasItsLauncherLink() {
        for (Catalog.Entry e : Catalog.all()) {
            Path launcher = BIN.resolve(e.name());
            assertThat(Files.isSymbolicLink(launcher)).as("%s is missing: ln -s scx_launcher bin/%s", launcher, e.name()).isTrue();
            assertThat(launcher).isExecutable();
        }
    }
}
