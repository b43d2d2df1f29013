package org.scx4j.schedulers.layered.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * scx_layered's configuration options, as upstream's: the layer specs (positional), {@code -e FILE}
 * and {@code --run-example}; unlike upstream, no spec at all runs the example, so the command
 * starts with no arguments. A command mixes this in, calls {@link #writeExample()} first, then
 * {@link #problem()} from its {@code invalidOptions()} so a bad configuration is one line and
 * exit 2 before anything is loaded.
 */
public final class LayerSpecOptions {
    @Parameters(paramLabel = "SPEC", arity = "0..*", description = "Layer specs: JSON text, or f:FILE / file:FILE; "
            + "several are concatenated in order. The last layer must match every task (\"matches\": [[]]). "
            + "With none, the example runs (--run-example).")
    List<String> specs = new ArrayList<>();

    @Option(names = {"-e", "--example"}, paramLabel = "FILE",
            description = "Write the example layer specs into FILE (which must not exist) and exit.")
    Path example;

    @Option(names = "--run-example", description = "Run with the example layer specs (before any SPEC given).")
    boolean runExample;

    private LayerConfig config;

    /**
     * With {@code -e}: writes the example and says how to end (0, or 1 with the reason on
     * stderr); without: empty, the command goes on.
     */
    public Optional<Integer> writeExample() {
        if (example == null) return Optional.empty();
        try {
            LayerSpecs.writeExample(example);
            return Optional.of(0);
        } catch (IOException e) {
            System.err.println("scx_layered: cannot write the example: " + e.getMessage());
            return Optional.of(1);
        }
    }

    /** What is wrong with the configuration ({@code f:bad.json: layer "batch" / kind...: ...}), or empty. */
    public Optional<String> problem() {
        try {
            config = LayerSpecs.load(specs, runExample || specs.isEmpty());
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The checked configuration; {@link #problem()} must have been empty. */
    public LayerConfig config() {
        if (config == null) throw new IllegalStateException("problem() was not called, or found one");
        return config;
    }
}
