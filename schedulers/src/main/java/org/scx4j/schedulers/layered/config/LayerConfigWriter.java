package org.scx4j.schedulers.layered.config;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a configuration as upstream-format JSON that {@link LayerConfigParser} reads back to
 * an equal model. Every field is written, defaults included, so the file shows what can be set.
 */
public final class LayerConfigWriter {
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private LayerConfigWriter() {}

    public static String toJson(LayerConfig config) {
        try {
            return PRETTY.asString(tree(config)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing maps of strings and numbers to a String does not fail
        }
    }

    /** The configuration as the maps and lists JSON is made of. */
    public static List<Object> tree(LayerConfig config) {
        return config.layers().stream().<Object>map(LayerConfigWriter::layer).toList();
    }

    private static Map<String, Object> layer(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", layer.name());
        if (layer.comment() != null) m.put("comment", layer.comment());
        m.put("matches", layer.matches().stream().map(group -> group.stream().map(LayerConfigWriter::match).toList())
                .toList());
        m.put("kind", Map.of(layer.kind().type().name(), kind(layer.kind())));
        return m;
    }

    private static Map<String, Object> match(Match match) {
        Object value = switch (match) {
            case Match.Text t -> t.text();
            case Match.Number n -> n.value();
            case Match.Flag f -> f.value();
            case Match.Range r -> List.of(r.min(), r.max());
        };
        return Map.of(match.kind().name(), value);
    }

    private static Map<String, Object> kind(LayerKind kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (kind.type() != LayerKind.Type.Open) {
            m.put("util_range", List.of(kind.utilRange().low(), kind.utilRange().high()));
            if (kind.cpusRange() != null) m.put("cpus_range", List.of(kind.cpusRange().low(), kind.cpusRange().high()));
            if (kind.cpusRangeFrac() != null) {
                m.put("cpus_range_frac", List.of(kind.cpusRangeFrac().low(), kind.cpusRangeFrac().high()));
            }
            m.put("protected", kind.isProtected());
        }
        LayerCommon c = kind.common();
        m.put("slice_us", c.sliceUs());
        m.put("min_exec_us", c.minExecUs());
        m.put("yield_ignore", c.yieldIgnore());
        m.put("preempt", c.preempt());
        m.put("preempt_first", c.preemptFirst());
        m.put("exclusive", c.exclusive());
        m.put("weight", c.weight());
        m.put("growth_algo", c.growthAlgo().name());
        m.put("perf", c.perf());
        m.put("nodes", new ArrayList<>(c.nodes()));
        m.put("llcs", new ArrayList<>(c.llcs()));
        m.put("fifo", c.fifo());
        return m;
    }
}
