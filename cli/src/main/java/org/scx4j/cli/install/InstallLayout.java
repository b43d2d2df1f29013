package org.scx4j.cli.install;

import java.nio.file.Path;

/**
 * Where {@code scx4j install} puts each file. Paths come in two forms: the path
 * the installed system sees (written into the unit and launchers, e.g.
 * {@code /usr/local/bin/scx_simple}) and where it is written now, under
 * {@code root} (like DESTDIR), so packagers and tests can install into a folder.
 *
 * @param root       the folder standing for {@code /} while installing
 * @param prefix     where the jar ({@code lib/scx4j}) and launchers ({@code bin}) go
 * @param unitDir    where {@code scx.service} goes
 * @param configFile the service's environment file
 */
public record InstallLayout(Path root, Path prefix, Path unitDir, Path configFile) {

    public static final Path DEFAULT_PREFIX = Path.of("/usr/local");
    public static final Path DEFAULT_UNIT_DIR = Path.of("/etc/systemd/system");
    public static final Path DEFAULT_CONFIG = Path.of("/etc/default/scx");

    public InstallLayout {
        root = root.toAbsolutePath().normalize();
        prefix = absolute(prefix, "--prefix");
        unitDir = absolute(unitDir, "--unit-dir");
        configFile = absolute(configFile, "--config");
    }

    private static Path absolute(Path p, String option) {
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(option + " must be an absolute path, got '" + p + "'");
        }
        String s = p.normalize().toString();
        if (s.contains("'") || s.contains("\n")) {
            throw new IllegalArgumentException(option + " must not contain quotes or newlines: '" + p + "'");
        }
        return p.normalize();
    }

    public Path binDir() {
        return prefix.resolve("bin");
    }

    public Path libDir() {
        return prefix.resolve("lib/scx4j");
    }

    public Path jar() {
        return libDir().resolve("scx4j.jar");
    }

    public Path unit() {
        return unitDir.resolve("scx.service");
    }

    /** The record of what was installed, which {@code scx4j uninstall} reads. */
    public Path manifest() {
        return libDir().resolve("installed.json");
    }

    /** Where the system path {@code path} is written now (under {@link #root}). */
    public Path onDisk(Path path) {
        return root.resolve(Path.of("/").relativize(path));
    }
}
