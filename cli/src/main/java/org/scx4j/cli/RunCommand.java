package org.scx4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scx4j.schedulers.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j run SCHEDULER [OPTIONS]}: runs a scheduler from the catalog on this machine,
 * exactly as its own {@code scx_NAME} launcher would. Everything after the scheduler's name
 * is the scheduler's own options, passed through untouched.
 */
@Command(name = "run", description = {"Run a scheduler on this machine (needs root and a sched_ext kernel).",
    "Options after SCHEDULER are the scheduler's own; see: scx4j run SCHEDULER -h"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "SCHEDULER", description = "A scheduler from `scx4j list`, e.g. scx_simple.")
    String scheduler;

    @Parameters(index = "1..*", paramLabel = "OPTIONS", description = "The scheduler's own options.")
    List<String> options = new ArrayList<>();

    /** Everything after SCHEDULER belongs to the scheduler, even words that look like options. */
    @Spec
    void stopAtScheduler(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
    }

    @Override
    public Integer call() {
        var entry = Catalog.find(scheduler);
        if (entry.isEmpty()) {
            System.err.println("scx4j run: " + unknown(scheduler));
            return 2;
        }
        return entry.get().run(options.toArray(String[]::new));
    }

    static String unknown(String name) {
        return "unknown scheduler '" + name + "'; known: "
                + String.join(", ", Catalog.all().stream().map(Catalog.Entry::name).toList()) + " (see scx4j list)";
    }
}
