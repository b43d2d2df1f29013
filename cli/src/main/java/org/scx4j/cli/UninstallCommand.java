package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j uninstall}; replaced by its real implementation. */
@Command(name = "uninstall", description = "Not built yet.")
public final class UninstallCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j uninstall: not built yet");
        return 1;
    }
}
