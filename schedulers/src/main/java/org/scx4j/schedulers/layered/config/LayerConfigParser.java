package org.scx4j.schedulers.layered.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one layer spec (upstream's JSON: a list of layers) into the model, checking every field
 * on the way so an error names the field's path. JSON is read into plain maps and lists first
 * (jackson-jr, duplicate keys refused as upstream's serde does for struct fields), then walked
 * here: that is what lets every error carry its path. Unlike upstream, unknown fields are
 * refused rather than ignored, so a misspelt option cannot silently do nothing.
 */
public final class LayerConfigParser {
    private static final JSON JSON_READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final List<String> LAYER_FIELDS = List.of("name", "comment", "matches", "kind");
    private static final List<String> COMMON_FIELDS = List.of("slice_us", "min_exec_us", "yield_ignore", "preempt",
            "preempt_first", "exclusive", "weight", "growth_algo", "perf", "nodes", "llcs", "fifo");
    private static final List<String> OWNED_FIELDS = List.of("util_range", "cpus_range", "cpus_range_frac",
            "protected");
    /** Upstream fields this implementation does not have; refused by name. */
    private static final Set<String> UNSUPPORTED_FIELDS = Set.of("template", "membw_gb", "util_includes_open_cputime",
            "idle_confined", "skip_remote_node", "prev_over_idle_core", "disallow_open_after_us",
            "disallow_preempt_after_us", "xllc_mig_min_us", "util_peak_half_life_ms", "idle_resume_us", "placement",
            "member_expire_ms", "xnuma_threshold", "xnuma_threshold_delta");
    /** Upstream fields that upstream itself ignores. */
    private static final Set<String> DEPRECATED_FIELDS = Set.of("allow_node_aligned", "idle_smt");

    private final String source;
    private String layer = "";

    private LayerConfigParser(String source) {
        this.source = source;
    }

    /**
     * The layers of one spec, each checked on its own; {@link LayerSpecs} checks the whole
     * configuration once all specs are read.
     *
     * @param json   the spec's text
     * @param source how the spec was given, for errors ({@code f:bad.json})
     */
    public static List<Layer> parseSpec(String json, String source) {
        return new LayerConfigParser(source).layers(readJson(json, source));
    }

    private static Object readJson(String json, String source) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) throw new ConfigException(source, "", "", "empty spec; expected a list of layers");
            Object tree = JSON_READER.anyFrom(p);
            var end = p.currentLocation();
            try {
                if (p.nextToken() == null) return tree;
                end = p.currentTokenLocation();
            } catch (JsonProcessingException e) {
                end = e.getLocation() == null ? end : e.getLocation();
            }
            throw syntax(source, end.getLineNr(), end.getColumnNr(), "unexpected text after the list of layers");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid JSON");
            throw at == null ? new ConfigException(source, "", "", msg) : syntax(source, at.getLineNr(), at.getColumnNr(), msg);
        } catch (IOException e) {
            throw new ConfigException(source, "", "", "cannot read JSON: " + e.getMessage());
        }
    }

    private static ConfigException syntax(String source, int line, int column, String msg) {
        return new ConfigException(source, "", "", "line " + line + ", column " + column + ": " + msg);
    }

    private List<Layer> layers(Object tree) {
        if (!(tree instanceof List<?> list)) {
            throw fail("", "the top level must be a list of layers, got " + describe(tree));
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            layer = "layer[" + i + "]";
            layers.add(layer(list.get(i)));
        }
        layer = "";
        return layers;
    }

    private Layer layer(Object node) {
        Map<String, Object> m = object(node, "");
        checkFields(m, "", LAYER_FIELDS);
        String name = string(require(m, "name", ""), "name");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (name.isEmpty() || bytes > Layer.MAX_NAME) {
            throw fail("name", "must be 1 to " + Layer.MAX_NAME + " bytes long, got " + bytes);
        }
        layer = "layer " + quote(name);
        Object comment = m.get("comment");
        return new Layer(name, comment == null ? null : string(comment, "comment"), matches(require(m, "matches", "")),
                kind(require(m, "kind", "")));
    }

    private List<List<Match>> matches(Object node) {
        List<?> ors = list(node, "matches");
        if (ors.isEmpty()) throw fail("matches", "an empty list matches no task; [[]] matches every task");
        if (ors.size() > Layer.MAX_OR_GROUPS) {
            throw fail("matches", ors.size() + " OR groups, at most " + Layer.MAX_OR_GROUPS);
        }
        List<List<Match>> result = new ArrayList<>();
        for (int i = 0; i < ors.size(); i++) {
            String path = "matches[" + i + "]";
            List<?> ands = list(ors.get(i), path);
            if (ands.size() > Layer.MAX_AND_RULES) {
                throw fail(path, ands.size() + " rules in one group, at most " + Layer.MAX_AND_RULES);
            }
            List<Match> group = new ArrayList<>();
            for (int j = 0; j < ands.size(); j++) group.add(match(ands.get(j), path + "[" + j + "]"));
            result.add(group);
        }
        return result;
    }

    private Match match(Object node, String path) {
        Map<String, Object> m = object(node, path);
        if (m.size() != 1) {
            throw fail(path, "a match rule is an object with one member, like {\"CommPrefix\": \"foo\"}; got "
                    + m.size() + " members");
        }
        var entry = m.entrySet().iterator().next();
        String rule = entry.getKey();
        MatchKind kind = Arrays.stream(MatchKind.values()).filter(k -> k.name().equals(rule)).findFirst()
                .orElseThrow(() -> fail(path, MatchKind.UNSUPPORTED.containsKey(rule)
                        ? "match rule " + rule + " is not supported by this scx_layered (it has no "
                                + MatchKind.UNSUPPORTED.get(rule) + ")"
                        : "unknown match rule " + quote(rule) + "; known rules: " + Arrays.toString(MatchKind.values())));
        String at = path + "." + rule;
        Object v = entry.getValue();
        return switch (kind.arg()) {
            case CGROUP -> new Match.Text(kind, bounded(string(v, at), Match.MAX_PATH - 1, at));
            case COMM -> new Match.Text(kind, bounded(string(v, at), Match.MAX_COMM - 1, at));
            case REGEX -> {
                String re = string(v, at);
                try {
                    Pattern.compile(re);
                } catch (PatternSyntaxException e) {
                    throw fail(at, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
                }
                yield new Match.Text(kind, re);
            }
            case NICE -> new Match.Number(kind, integer(v, at, -20, 19));
            case ID -> new Match.Number(kind, integer(v, at, 0, 0xffff_ffffL));
            case BOOL -> new Match.Flag(kind, bool(v, at));
            case RANGE -> {
                List<?> pair = pair(v, at);
                long min = integer(pair.get(0), at + "[0]", 0, Long.MAX_VALUE);
                long max = integer(pair.get(1), at + "[1]", 0, Long.MAX_VALUE);
                if (min >= max) throw fail(at, "min " + min + " is not below max " + max + ", so nothing matches");
                yield new Match.Range(kind, min, max);
            }
        };
    }

    private LayerKind kind(Object node) {
        Map<String, Object> m = object(node, "kind");
        if (m.size() != 1) {
            throw fail("kind", "must be an object with one member, Confined, Grouped or Open; got " + m.size() + " members");
        }
        var entry = m.entrySet().iterator().next();
        LayerKind.Type type = Arrays.stream(LayerKind.Type.values()).filter(t -> t.name().equals(entry.getKey()))
                .findFirst().orElseThrow(() -> fail("kind", "unknown layer kind " + quote(entry.getKey())
                        + "; expected Confined, Grouped or Open"));
        String path = "kind." + type;
        Map<String, Object> f = object(entry.getValue(), path);
        boolean owns = type != LayerKind.Type.Open;
        List<String> allowed = new ArrayList<>(COMMON_FIELDS);
        if (owns) allowed.addAll(OWNED_FIELDS);
        for (String key : f.keySet()) {
            if (!owns && OWNED_FIELDS.contains(key)) {
                throw fail(path + "." + key, key + " is only for Confined and Grouped layers (Open layers own no CPUs)");
            }
        }
        checkFields(f, path, allowed);
        LayerCommon common = common(f, path);
        if (!owns) return LayerKind.open(common);

        LayerKind.Range util = fractions(require(f, "util_range", path), path + ".util_range");
        if (util.low() == util.high()) { // upstream refuses it too: the layer could neither grow nor shrink
            throw fail(path + ".util_range", "low equals high (" + util.low() + "); low must be below high");
        }
        LayerKind.CpusRange cpus = null;
        LayerKind.Range frac = null;
        if (f.get("cpus_range") != null) {
            String at = path + ".cpus_range";
            List<?> pair = pair(f.get("cpus_range"), at);
            int low = (int) integer(pair.get(0), at + "[0]", 0, Integer.MAX_VALUE);
            int high = (int) integer(pair.get(1), at + "[1]", 0, Integer.MAX_VALUE);
            if (low > high) throw fail(at, "low " + low + " is above high " + high);
            cpus = new LayerKind.CpusRange(low, high);
        }
        if (f.get("cpus_range_frac") != null) {
            if (cpus != null) throw fail(path + ".cpus_range_frac", "cpus_range and cpus_range_frac exclude each other");
            frac = fractions(f.get("cpus_range_frac"), path + ".cpus_range_frac");
        }
        boolean prot = f.containsKey("protected") && bool(f.get("protected"), path + ".protected");
        return new LayerKind(type, util, cpus, frac, prot, common);
    }

    private LayerCommon common(Map<String, Object> f, String path) {
        LayerCommon d = LayerCommon.defaults();
        String p = path + ".";
        int weight = f.containsKey("weight")
                ? (int) integer(f.get("weight"), p + "weight", 0, LayerCommon.MAX_WEIGHT) : d.weight();
        GrowthAlgo algo = d.growthAlgo();
        if (f.containsKey("growth_algo")) {
            String name = string(f.get("growth_algo"), p + "growth_algo");
            algo = Arrays.stream(GrowthAlgo.values()).filter(a -> a.name().equals(name)).findFirst()
                    .orElseThrow(() -> fail(p + "growth_algo", GrowthAlgo.UNSUPPORTED.contains(name)
                            ? "growth algorithm " + name + " is not supported by this scx_layered; use one of "
                                    + Arrays.toString(GrowthAlgo.values())
                            : "unknown growth algorithm " + quote(name) + "; expected one of "
                                    + Arrays.toString(GrowthAlgo.values())));
        }
        double yield = d.yieldIgnore();
        if (f.containsKey("yield_ignore")) {
            yield = number(f.get("yield_ignore"), p + "yield_ignore");
            if (!(yield >= 0 && yield <= 1)) throw fail(p + "yield_ignore", "must be within [0, 1], got " + yield);
        }
        // Microseconds are turned into nanoseconds in a u64.
        long maxUs = Long.MAX_VALUE / 1000;
        return new LayerCommon(
                f.containsKey("slice_us") ? integer(f.get("slice_us"), p + "slice_us", 0, maxUs) : d.sliceUs(),
                f.containsKey("min_exec_us") ? integer(f.get("min_exec_us"), p + "min_exec_us", 0, maxUs) : d.minExecUs(),
                yield, flag(f, p, "preempt"), flag(f, p, "preempt_first"), flag(f, p, "exclusive"),
                // 0 is upstream's "default weight".
                weight == 0 ? LayerCommon.DEFAULT_WEIGHT : weight, algo,
                f.containsKey("perf") ? (int) integer(f.get("perf"), p + "perf", 0, LayerCommon.MAX_PERF) : d.perf(),
                indices(f.get("nodes"), p + "nodes", LayerCommon.MAX_NODES, "node"),
                indices(f.get("llcs"), p + "llcs", LayerCommon.MAX_LLCS, "LLC"), flag(f, p, "fifo"));
    }

    private boolean flag(Map<String, Object> f, String prefix, String key) {
        return f.containsKey(key) && bool(f.get(key), prefix + key);
    }

    private List<Integer> indices(Object node, String path, int limit, String what) {
        if (node == null) return List.of(); // absent, or null as serde's Vec default
        List<?> list = list(node, path);
        List<Integer> result = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            int v = (int) integer(list.get(i), path + "[" + i + "]", 0, limit - 1);
            if (!seen.add(v)) throw fail(path + "[" + i + "]", what + " " + v + " is listed twice");
            result.add(v);
        }
        return result;
    }

    private LayerKind.Range fractions(Object node, String path) {
        List<?> pair = pair(node, path);
        double low = number(pair.get(0), path + "[0]");
        double high = number(pair.get(1), path + "[1]");
        if (!(low >= 0 && low <= 1)) throw fail(path + "[0]", "must be within [0, 1], got " + low);
        if (!(high >= 0 && high <= 1)) throw fail(path + "[1]", "must be within [0, 1], got " + high);
        if (low > high) throw fail(path, "low " + low + " is above high " + high);
        return new LayerKind.Range(low, high);
    }

    private void checkFields(Map<String, Object> m, String path, List<String> allowed) {
        for (String key : m.keySet()) {
            if (allowed.contains(key)) continue;
            String at = path.isEmpty() ? key : path + "." + key;
            if (UNSUPPORTED_FIELDS.contains(key)) {
                throw fail(at, "upstream's " + key + " is not supported by this scx_layered");
            }
            if (DEPRECATED_FIELDS.contains(key)) throw fail(at, key + " is deprecated upstream and has no effect; remove it");
            throw fail(at, "unknown field " + quote(key) + "; expected one of " + allowed);
        }
    }

    private Object require(Map<String, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            throw fail(path, (m.containsKey(key) ? key + " is null" : "missing field " + quote(key)));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object v, String path) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw fail(path, "expected an object, got " + describe(v));
    }

    private List<?> list(Object v, String path) {
        if (v instanceof List<?> l) return l;
        throw fail(path, "expected a list, got " + describe(v));
    }

    private List<?> pair(Object v, String path) {
        List<?> l = list(v, path);
        if (l.size() != 2) throw fail(path, "expected a list of two numbers [low, high], got " + l.size() + " elements");
        return l;
    }

    private String string(Object v, String path) {
        if (v instanceof String s) return s;
        throw fail(path, "expected a string, got " + describe(v));
    }

    private boolean bool(Object v, String path) {
        if (v instanceof Boolean b) return b;
        throw fail(path, "expected true or false, got " + describe(v));
    }

    private double number(Object v, String path) {
        if (v instanceof java.lang.Number n && !(v instanceof java.math.BigDecimal)) return n.doubleValue();
        throw fail(path, "expected a number, got " + describe(v));
    }

    private long integer(Object v, String path, long min, long max) {
        if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
            throw fail(path, "expected an integer, got " + describe(v));
        }
        BigInteger b = v instanceof BigInteger big ? big : BigInteger.valueOf(((java.lang.Number) v).longValue());
        if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
            throw fail(path, "must be between " + min + " and " + max + ", got " + b);
        }
        return b.longValue();
    }

    private String bounded(String s, int maxBytes, String path) {
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) throw fail(path, "is " + bytes + " bytes long, at most " + maxBytes + " can match");
        return s;
    }

    private static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string " + quote(s);
            case Boolean b -> b.toString();
            case java.lang.Number n -> "the number " + n;
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> v.getClass().getSimpleName();
        };
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private ConfigException fail(String path, String problem) {
        return new ConfigException(source, layer, path, problem);
    }
}
