package org.scx4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.scx4j.cli.install.Installer;

/** Prints install/uninstall steps as an aligned two-column list, the same for both commands. */
final class InstallSummary {

    private InstallSummary() {}

    static void print(PrintWriter out, List<Installer.Step> steps) {
        int width = steps.stream().mapToInt(s -> s.action().length()).max().orElse(0);
        for (var s : steps) {
            out.printf("%-" + width + "s  %s%n", s.action(), s.path());
        }
    }
}
