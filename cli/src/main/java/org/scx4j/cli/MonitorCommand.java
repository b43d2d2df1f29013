package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j monitor}; replaced by its real implementation. */
@Command(name = "monitor", description = "Not built yet.")
public final class MonitorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j monitor: not built yet");
        return 1;
    }
}
