package org.scx4j.cli.install;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code install} and {@code uninstall} share, so an uninstall finds
 * what the matching install wrote.
 */
public final class LayoutOptions {

    @Option(names = "--prefix", paramLabel = "DIR", description = "Install the jar and launchers under DIR (default: ${DEFAULT-VALUE}).")
    Path prefix = InstallLayout.DEFAULT_PREFIX;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Write everything under DIR as if it were / (for packaging and tests; default: /).")
    Path root = Path.of("/");

    @Option(names = "--unit-dir", paramLabel = "DIR", description = "Where scx.service goes (default: ${DEFAULT-VALUE}).")
    Path unitDir = InstallLayout.DEFAULT_UNIT_DIR;

    @Option(names = "--config", paramLabel = "FILE", description = "The service's environment file (default: ${DEFAULT-VALUE}).")
    Path config = InstallLayout.DEFAULT_CONFIG;

    public InstallLayout layout() {
        return new InstallLayout(root, prefix, unitDir, config);
    }
}
