package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j bench}; replaced by its real implementation. */
@Command(name = "bench", description = "Not built yet.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j bench: not built yet");
        return 1;
    }
}
