package org.scx4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code scx4j vm}; replaced by the VM module's command. */
@Command(name = "vm", description = "Boot a sched_ext kernel under qemu and run a command in it.")
public final class VmCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("scx4j vm: not built yet");
        return 1;
    }
}
