package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j list}; replaced by its real implementation. */
@Command(name = "list", description = "Not built yet.")
public final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j list: not built yet");
        return 1;
    }
}
