package org.scx4j.schedulers.layered.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * scx_layered's positional arguments made into one checked configuration: each is JSON text,
 * or {@code f:PATH} / {@code file:PATH}; their layers are concatenated in order (after the
 * built-in example's with {@code --run-example}), as upstream does. Everything is checked here,
 * before anything is loaded into the kernel.
 */
public final class LayerSpecs {
    private LayerSpecs() {}

    /**
     * @param specs      the positional arguments
     * @param runExample start with the example's layers
     * @throws ConfigException naming the argument, the layer and the field at fault
     */
    public static LayerConfig load(List<String> specs, boolean runExample) {
        List<Layer> layers = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (runExample) {
            layers.addAll(ExampleConfig.CONFIG.layers());
            ExampleConfig.CONFIG.layers().forEach(l -> sources.add("--run-example"));
        }
        for (int i = 0; i < specs.size(); i++) {
            String arg = specs.get(i);
            String source = arg.startsWith("f:") || arg.startsWith("file:") ? arg : "argument " + (i + 1);
            for (Layer layer : LayerConfigParser.parseSpec(text(arg, source), source)) {
                layers.add(layer);
                sources.add(source);
            }
        }
        return check(layers, sources);
    }

    private static String text(String arg, String source) {
        if (!arg.equals(source)) return arg;
        Path path = Path.of(arg.substring(arg.indexOf(':') + 1));
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, "", "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(source, "", "", "cannot read: " + e);
        }
    }

    /** What no single layer shows: the count, unique names, and the last layer taking every task. */
    static LayerConfig check(List<Layer> layers, List<String> sources) {
        if (layers.isEmpty()) {
            throw new ConfigException("", "", "", "no layers: give a layer spec (JSON, f:FILE or file:FILE) or --run-example");
        }
        if (layers.size() > LayerConfig.MAX_LAYERS) {
            int extra = LayerConfig.MAX_LAYERS;
            throw new ConfigException(sources.get(extra), label(layers.get(extra)), "",
                    "a " + (extra + 1) + "th layer; at most " + extra + " layers in all");
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Integer first = names.putIfAbsent(layers.get(i).name(), i);
            if (first != null) {
                throw new ConfigException(sources.get(i), label(layers.get(i)), "name",
                        "layer names must be unique; layer[" + first + "] of the whole configuration has it too");
            }
        }
        Layer last = layers.getLast();
        if (!last.matchesEverything()) {
            throw new ConfigException(sources.getLast(), label(last), "matches",
                    "the last layer must match every task, \"matches\": [[]], to take the tasks no other layer takes");
        }
        return new LayerConfig(layers);
    }

    private static String label(Layer layer) {
        return "layer " + LayerConfigParser.quote(layer.name());
    }

    /** Writes the example configuration to a new file (like upstream, an existing file is left alone). */
    public static void writeExample(Path file) throws IOException {
        try {
            Files.writeString(file, LayerConfigWriter.toJson(ExampleConfig.CONFIG), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; not overwriting it", e);
        }
    }
}
