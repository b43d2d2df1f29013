package org.scx4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.scx4j.cli.install.InstallLayout;
import org.scx4j.cli.install.Installer;
import org.scx4j.cli.install.LayoutOptions;
import org.scx4j.schedulers.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j install}: makes scx4j's schedulers usable like any packaged ones:
 * {@code scx_NAME} commands on the PATH and a {@code scx.service} driven by
 * {@code /etc/default/scx}, the conventions users of the upstream schedulers know.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install the scx4j jar, an scx_NAME launcher per scheduler, scx.service and /etc/default/scx.",
            "An existing /etc/default/scx is kept. Then: systemctl daemon-reload && systemctl enable --now scx"})
public final class InstallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LayoutOptions where;

    @Option(names = "--jar", paramLabel = "FILE", description = "The jar to install (default: the running scx4j jar).")
    Path jar;

    @Option(names = "--java", paramLabel = "FILE", description = "The java the launchers run (default: this one, ${DEFAULT-VALUE}).")
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    @Option(names = "--scheduler", paramLabel = "NAME", description = "SCX_SCHEDULER for a new config (default: ${DEFAULT-VALUE}).")
    String scheduler = "scx_cosmos";

    @Option(names = "--flags", paramLabel = "FLAGS", description = "SCX_FLAGS for a new config (default: none).")
    String flags = "";

    @Option(names = "--force", description = "Replace files that exist but were not installed by scx4j.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path source = Optional.ofNullable(jar).or(InstallCommand::runningJar).orElseThrow(() ->
                    new IllegalArgumentException("not running from the scx4j jar: pass --jar cli/target/scx4j.jar"));
            InstallLayout layout = where.layout();
            var names = Catalog.all().stream().map(Catalog.Entry::name).toList();
            var steps = new Installer(layout).install(new Installer.Request(
                    source, java, names, Catalog.find(scheduler).map(Catalog.Entry::name).orElse(scheduler), flags, force),
                    line -> {
                        out.println("scx4j install: " + line);
                        out.flush();
                    });
            InstallSummary.print(out, steps);
            out.println("record of installed files: " + layout.manifest() + " (scx4j uninstall removes them)");
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("scx4j install: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The jar this code runs from, when it runs from a jar. */
    static Optional<Path> runningJar() {
        try {
            var source = InstallCommand.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
