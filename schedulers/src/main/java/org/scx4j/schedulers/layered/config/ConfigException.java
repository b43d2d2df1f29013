package org.scx4j.schedulers.layered.config;

/**
 * A layer configuration that cannot be used, with where it went wrong: the spec argument
 * it came from ({@code f:bad.json}), the layer ({@code layer "batch"}) and the path to the
 * field inside it ({@code kind.Confined.util_range}); each part may be empty.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final String layer;
    private final String path;
    private final String problem;

    public ConfigException(String source, String layer, String path, String problem) {
        super(format(source, layer, path, problem));
        this.source = source;
        this.layer = layer;
        this.path = path;
        this.problem = problem;
    }

    private static String format(String source, String layer, String path, String problem) {
        StringBuilder b = new StringBuilder();
        if (!source.isEmpty()) b.append(source).append(": ");
        if (!layer.isEmpty()) b.append(layer).append(path.isEmpty() ? ": " : " / ");
        if (!path.isEmpty()) b.append(path).append(": ");
        return b.append(problem).toString();
    }

    /** The spec argument, as given ({@code f:bad.json}, or {@code argument 2} for inline JSON). */
    public String source() {
        return source;
    }

    /** {@code layer "name"}, or {@code layer[3]} before its name is known; empty for the whole config. */
    public String layer() {
        return layer;
    }

    /** The field inside the layer, e.g. {@code matches[0][1].NiceAbove}; empty for the layer itself. */
    public String path() {
        return path;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
