package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j install}; replaced by its real implementation. */
@Command(name = "install", description = "Not built yet.")
public final class InstallCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j install: not built yet");
        return 1;
    }
}
