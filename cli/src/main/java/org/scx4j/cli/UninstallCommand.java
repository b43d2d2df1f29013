package org.scx4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.scx4j.cli.install.LayoutOptions;
import org.scx4j.cli.install.Uninstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j uninstall}: removes exactly what {@code scx4j install} recorded,
 * keeping files changed since (an edited {@code /etc/default/scx}).
 */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = {"Remove what scx4j install installed (same --prefix/--root); files edited since are kept.",
            "Stop the service first: systemctl disable --now scx"})
public final class UninstallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LayoutOptions where;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            InstallSummary.print(out, new Uninstaller(where.layout()).uninstall());
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("scx4j uninstall: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
