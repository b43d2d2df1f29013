package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j try}; replaced by its real implementation. */
@Command(name = "try", description = "Not built yet.")
public final class TryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j try: not built yet");
        return 1;
    }
}
