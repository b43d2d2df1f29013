package org.scx4j.core.stats;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * All metrics of one scheduler, declared once. The same declaration answers
 * {@code stats_meta} on the socket (in the upstream scx_stats shape: one struct
 * marked {@code top} whose {@code fields} carry {@code datum}, {@code desc} and
 * {@code user} attributes), prints {@code --help-stats}, and formats the
 * human-readable {@code name=value} line, so the three can never disagree.
 * A monitor that talks to an unknown scheduler rebuilds a set from the
 * metadata it receives ({@link #fromMeta}).
 *
 * @param name        the struct name in {@code stats_meta}, e.g. {@code scx_simple}
 * @param description one line saying what the set describes
 * @param metrics     the metrics in the order they are printed
 */
public record MetricSet(String name, String description, List<Metric> metrics) {

    public MetricSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        metrics = List.copyOf(metrics);
        var seen = new HashSet<String>();
        for (Metric m : metrics) {
            if (!seen.add(m.name())) {
                throw new IllegalArgumentException("metric '" + m.name() + "' is declared twice in " + name);
            }
        }
    }

    public static MetricSet of(String name, String description, Metric... metrics) {
        return new MetricSet(name, description, List.of(metrics));
    }

    /** The metric with this name, if declared. */
    public Optional<Metric> metric(String metricName) {
        return metrics.stream().filter(m -> m.name().equals(metricName)).findFirst();
    }

    /**
     * The {@code resp} of a {@code stats_meta} answer: struct name to
     * {@code {"name", "top":"true", "desc", "fields": {field: {"datum", "desc", "user"}}}}.
     * Units and counter/gauge travel as user attributes {@code _unit} and {@code _kind}
     * (upstream reserves names starting with '_' for such extras).
     */
    public Map<String, Object> meta() {
        var fields = new LinkedHashMap<String, Object>();
        for (Metric m : metrics) {
            var field = new LinkedHashMap<String, Object>();
            field.put("datum", m.type().wireName());
            field.put("desc", m.description());
            var user = new LinkedHashMap<String, Object>();
            if (!m.unit().isEmpty()) {
                user.put("_unit", m.unit());
            }
            user.put("_kind", m.counter() ? "counter" : "gauge");
            field.put("user", user);
            fields.put(m.name(), field);
        }
        var struct = new LinkedHashMap<String, Object>();
        struct.put("name", name);
        struct.put("top", "true");
        struct.put("desc", description);
        struct.put("fields", fields);
        return Map.of(name, struct);
    }

    /** The {@code --help-stats} text: the set's name and description, then one aligned line per metric. */
    public String helpText() {
        int nameWidth = metrics.stream().mapToInt(m -> m.name().length()).max().orElse(0);
        int typeWidth = metrics.stream().mapToInt(m -> typeLabel(m).length()).max().orElse(0);
        var out = new StringBuilder();
        out.append('[').append(name).append("] ").append(description).append('\n');
        for (Metric m : metrics) {
            out.append("  ").append(pad(m.name(), nameWidth)).append(' ')
                    .append(pad(typeLabel(m), typeWidth)).append(" : ").append(m.description()).append('\n');
        }
        return out.toString();
    }

    /**
     * The human-readable line, {@code name=value} per metric in declaration order (e.g. {@code local=12 global=3}).
     * Metrics of one numbered part of the machine ({@code dom0_load}, {@code dom0_imbal}: an area, a number, a
     * field) follow on an indented line of their own each ({@code   dom0 load=1.00 imbal=0.50}).
     */
    public String line(Map<String, ?> values) {
        var parts = new ArrayList<String>();
        var areas = new LinkedHashMap<String, List<String>>();
        for (Metric m : metrics) {
            if (values.containsKey(m.name())) {
                add(parts, areas, m.name(), values.get(m.name()));
            }
        }
        for (var e : values.entrySet()) {
            if (metric(e.getKey()).isEmpty()) {
                add(parts, areas, e.getKey(), e.getValue());
            }
        }
        var out = new StringBuilder(String.join(" ", parts));
        areas.forEach((area, fields) -> out.append("\n  ").append(area).append(' ').append(String.join(" ", fields)));
        return out.toString();
    }

    private static void add(List<String> parts, Map<String, List<String>> areas, String name, Object value) {
        var area = AREA_FIELD.matcher(name);
        if (area.matches()) {
            areas.computeIfAbsent(area.group(1), a -> new ArrayList<>()).add(area.group(2) + "=" + format(value));
        } else {
            parts.add(name + "=" + format(value));
        }
    }

    private static final Pattern AREA_FIELD = Pattern.compile("([a-z]+[0-9]+)_([a-z0-9_]+)");

    /**
     * Rebuilds the top-level set from a {@code stats_meta} answer's {@code resp}, for
     * monitors that do not know the scheduler. Fields that are not scalars (nested
     * structs, arrays, dicts from other servers) become {@link ValueType#STRING} and are
     * printed as compact JSON.
     */
    public static MetricSet fromMeta(Object resp) {
        if (!(resp instanceof Map<?, ?> structs) || structs.isEmpty()) {
            throw new StatsException(StatsException.EINVAL, "stats_meta answer has no structs: " + resp);
        }
        Map<?, ?> top = null;
        for (Object s : structs.values()) {
            if (s instanceof Map<?, ?> struct && (top == null || struct.containsKey("top"))) {
                top = struct;
                if (struct.containsKey("top")) {
                    break;
                }
            }
        }
        if (top == null || !(top.get("fields") instanceof Map<?, ?> fields)) {
            throw new StatsException(StatsException.EINVAL, "stats_meta answer has no top-level struct with fields");
        }
        var metrics = new ArrayList<Metric>();
        for (var e : fields.entrySet()) {
            var field = e.getValue() instanceof Map<?, ?> f ? f : Map.of();
            var type = field.get("datum") instanceof String s ? ValueType.ofWireName(s).orElse(ValueType.STRING) : ValueType.STRING;
            var desc = field.get("desc") instanceof String d ? d : "";
            var user = field.get("user") instanceof Map<?, ?> u ? u : Map.of();
            var unit = user.get("_unit") instanceof String s ? s : "";
            boolean counter = "counter".equals(user.get("_kind")) && (type == ValueType.U64 || type == ValueType.I64);
            String metricName = String.valueOf(e.getKey());
            metrics.add(isIdentifier(metricName)
                    ? new Metric(metricName, desc, unit, type, counter)
                    : new Metric("field_" + metrics.size(), metricName + ": " + desc, unit, type, counter));
        }
        var name = top.get("name") instanceof String n ? n : "top";
        var desc = top.get("desc") instanceof String d ? d : "";
        return new MetricSet(name, desc, metrics);
    }

    private static boolean isIdentifier(String s) {
        return s.matches("[a-z_][a-z0-9_]{0,63}");
    }

    private static String typeLabel(Metric m) {
        var kind = m.counter() ? "counter" : m.type() == ValueType.STRING ? "" : "gauge";
        var label = new StringBuilder("(").append(m.type().wireName());
        if (!m.unit().isEmpty()) {
            label.append(", ").append(m.unit());
        }
        if (!kind.isEmpty()) {
            label.append(", ").append(kind);
        }
        return label.append(')').toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String format(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return String.format(Locale.ROOT, "%.2f", ((Number) v).doubleValue());
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return JSON.std.asString(v);
            } catch (IOException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }
}
