package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j run}; replaced by its real implementation. */
@Command(name = "run", description = "Not built yet.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j run: not built yet");
        return 1;
    }
}
