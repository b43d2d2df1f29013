package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j state}; replaced by its real implementation. */
@Command(name = "state", description = "Not built yet.")
public final class StateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j state: not built yet");
        return 1;
    }
}
