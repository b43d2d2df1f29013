package org.scx4j.schedulers.layered.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties over random configurations from a seeded {@link Random} (the seed is in every
 * failure message, so a failure can be replayed): any valid configuration survives writing and
 * reading back; any change to its JSON either still reads or gives a ConfigException, never
 * another exception; and changes that are known to break it give the error at the right path.
 */
class LayerConfigPropertyTest {
    private static final int RUNS = 300;
    private static final String CHARS = "abcxyz019/._-[]()*+?^$\\\" é€\u00e4\u4e2d";

    @Test
    void anyValidConfigSurvivesWritingAndReadingBack() {
        for (int seed = 0; seed < RUNS; seed++) {
            LayerConfig config = randomConfig(new Random(seed));
            String json = LayerConfigWriter.toJson(config);
            try {
                assertThat(LayerSpecs.load(List.of(json), false)).as("seed %d", seed).isEqualTo(config);
            } catch (ConfigException e) {
                fail("seed %d: a generated config was refused: %s%n%s", seed, e.getMessage(), json);
            }
        }
    }

    @Test
    void anyChangeReadsOrGivesAConfigException() throws IOException {
        for (int seed = 0; seed < RUNS; seed++) {
            Random r = new Random(seed);
            Object tree = mutableTree(randomConfig(r));
            int changes = 1 + r.nextInt(3);
            for (int i = 0; i < changes; i++) mutateSomewhere(tree, r);
            String json = JSON.std.asString(tree);
            try {
                LayerSpecs.load(List.of(json), false);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + json, e);
            }
        }
    }

    /** A change that makes any configuration invalid; it returns the path the error must name, or null if it did not apply. */
    private record Breakage(String name, BiFunction<List<Map<String, Object>>, Random, String> apply) {}

    private static final List<Breakage> BREAKAGES = List.of(
            new Breakage("name removed", (layers, r) -> {
                pick(layers, r).remove("name");
                return "";
            }),
            new Breakage("util_range inverted", (layers, r) -> {
                for (Map<String, Object> layer : layers) {
                    Map<String, Object> f = kindFields(layer);
                    List<?> util = (List<?>) f.get("util_range");
                    if (util != null && !util.get(0).equals(util.get(1))) {
                        f.put("util_range", List.of(util.get(1), util.get(0)));
                        return kindPath(layer) + ".util_range";
                    }
                }
                return null;
            }),
            new Breakage("unknown field", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                kindFields(layer).put("slice_ms", 1);
                return kindPath(layer) + ".slice_ms";
            }),
            new Breakage("unsupported rule", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                ((List<Object>) layer.get("matches")).set(0, List.of(Map.of("HintEquals", 1)));
                return "matches[0][0]";
            }),
            new Breakage("weight too high", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                kindFields(layer).put("weight", LayerCommon.MAX_WEIGHT + 1 + r.nextInt(1000));
                return kindPath(layer) + ".weight";
            }),
            new Breakage("unsupported growth algorithm", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                kindFields(layer).put("growth_algo", "StickyDynamic");
                return kindPath(layer) + ".growth_algo";
            }),
            new Breakage("no catch-all at the end", (layers, r) -> {
                layers.getLast().put("matches", List.of(List.of(Map.of("IsKthread", true))));
                return "matches";
            }),
            new Breakage("empty matches", (layers, r) -> {
                pick(layers, r).put("matches", List.of());
                return "matches";
            }),
            new Breakage("unknown kind", (layers, r) -> {
                pick(layers, r).put("kind", Map.of("Exclusive", Map.of()));
                return "kind";
            }),
            new Breakage("nice out of range", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                int nice = r.nextBoolean() ? 20 + r.nextInt(100) : -21 - r.nextInt(100);
                ((List<Object>) layer.get("matches")).set(0, List.of(Map.of("NiceEquals", nice)));
                return "matches[0][0].NiceEquals";
            }),
            new Breakage("duplicate name", (layers, r) -> {
                if (layers.size() < 2) return null;
                layers.getLast().put("name", layers.getFirst().get("name"));
                return "name";
            }),
            new Breakage("string for a number", (layers, r) -> {
                Map<String, Object> layer = pick(layers, r);
                kindFields(layer).put("slice_us", "20000");
                return kindPath(layer) + ".slice_us";
            }));

    @Test
    void aBreakingChangeIsReportedAtItsPath() throws IOException {
        for (int seed = 0; seed < RUNS; seed++) {
            Random r = new Random(seed);
            LayerConfig config = randomConfig(r);
            Breakage breakage = BREAKAGES.get(r.nextInt(BREAKAGES.size()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tree = (List<Map<String, Object>>) mutableTree(config);
            String path = breakage.apply().apply(tree, r);
            if (path == null) continue;
            String json = JSON.std.asString(tree);
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> LayerSpecs.load(List.of(json), false));
            assertThat(e).as("seed %d, %s: %s", seed, breakage.name(), json).isNotNull();
            assertThat(e.layer()).as("seed %d, %s: %s", seed, breakage.name(), e.getMessage()).isNotEmpty();
            assertThat(e.path()).as("seed %d, %s: %s", seed, breakage.name(), e.getMessage()).isEqualTo(path);
        }
    }

    // ---- random valid configurations

    static LayerConfig randomConfig(Random r) {
        int n = 1 + r.nextInt(LayerConfig.MAX_LAYERS);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = i + "-" + string(r, Layer.MAX_NAME - 3);
            String comment = r.nextBoolean() ? null : string(r, 40);
            List<List<Match>> matches = i == n - 1 ? List.of(List.of()) : matches(r);
            layers.add(new Layer(name, comment, matches, kind(r)));
        }
        return new LayerConfig(layers);
    }

    private static List<List<Match>> matches(Random r) {
        int ors = r.nextInt(40) == 0 ? Layer.MAX_OR_GROUPS : 1 + r.nextInt(4);
        List<List<Match>> groups = new ArrayList<>();
        for (int i = 0; i < ors; i++) {
            int ands = r.nextInt(40) == 0 ? Layer.MAX_AND_RULES : r.nextInt(5);
            List<Match> group = new ArrayList<>();
            for (int j = 0; j < ands; j++) group.add(match(r));
            groups.add(group);
        }
        return groups;
    }

    private static Match match(Random r) {
        MatchKind kind = MatchKind.values()[r.nextInt(MatchKind.values().length)];
        return switch (kind.arg()) {
            case CGROUP -> new Match.Text(kind, string(r, r.nextInt(200) == 0 ? Match.MAX_PATH - 1 : 30));
            case COMM -> new Match.Text(kind, string(r, Match.MAX_COMM - 1));
            case REGEX -> new Match.Text(kind, r.nextBoolean() ? Pattern.quote(string(r, 20)) : "^[a-z]+\\.slice/.*$");
            case NICE -> new Match.Number(kind, -20 + r.nextInt(40));
            case ID -> new Match.Number(kind, r.nextLong(0, 0x1_0000_0000L));
            case BOOL -> new Match.Flag(kind, r.nextBoolean());
            case RANGE -> {
                long min = r.nextBoolean() ? r.nextLong(0, 1000) : r.nextLong(0, Long.MAX_VALUE - 1);
                yield new Match.Range(kind, min, r.nextLong(min + 1, Long.MAX_VALUE) + (r.nextInt(5) == 0 ? 1 : 0));
            }
        };
    }

    private static LayerKind kind(Random r) {
        LayerKind.Type type = LayerKind.Type.values()[r.nextInt(3)];
        LayerCommon common = common(r);
        if (type == LayerKind.Type.Open) return LayerKind.open(common);
        LayerKind.Range util = fractions(r, true);
        LayerKind.CpusRange cpus = null;
        LayerKind.Range frac = null;
        switch (r.nextInt(3)) {
            case 0 -> {
                int low = r.nextInt(64);
                cpus = new LayerKind.CpusRange(low, low + r.nextInt(64));
            }
            case 1 -> frac = fractions(r, false);
            default -> {}
        }
        return new LayerKind(type, util, cpus, frac, r.nextBoolean(), common);
    }

    private static LayerKind.Range fractions(Random r, boolean distinct) {
        double a = fraction(r), b = fraction(r);
        if (distinct && a == b) b = a == 0 ? 1 : 0;
        return new LayerKind.Range(Math.min(a, b), Math.max(a, b));
    }

    private static double fraction(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            case 2 -> r.nextInt(101) / 100.0;
            default -> r.nextDouble();
        };
    }

    private static LayerCommon common(Random r) {
        long maxUs = Long.MAX_VALUE / 1000;
        return new LayerCommon(r.nextBoolean() ? r.nextLong(0, 100_000) : r.nextLong(0, maxUs + 1),
                r.nextLong(0, 10_000), fraction(r), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                1 + r.nextInt(LayerCommon.MAX_WEIGHT), GrowthAlgo.values()[r.nextInt(GrowthAlgo.values().length)],
                r.nextInt(LayerCommon.MAX_PERF + 1), indices(r, LayerCommon.MAX_NODES), indices(r, LayerCommon.MAX_LLCS),
                r.nextBoolean());
    }

    private static List<Integer> indices(Random r, int limit) {
        return r.ints(0, limit).distinct().limit(r.nextInt(4)).boxed().toList();
    }

    /** A string of at most maxBytes UTF-8 bytes, with quotes, backslashes, regex characters and non-ASCII. */
    private static String string(Random r, int maxBytes) {
        StringBuilder b = new StringBuilder();
        int length = r.nextInt(maxBytes + 1), bytes = 0;
        while (b.length() < length) {
            char c = CHARS.charAt(r.nextInt(CHARS.length()));
            bytes += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) break;
            b.append(c);
        }
        return b.toString();
    }

    // ---- changing the JSON

    private static Object mutableTree(LayerConfig config) throws IOException {
        return JSON.std.anyFrom(LayerConfigWriter.toJson(config)); // plain LinkedHashMaps and ArrayLists
    }

    /** Values put into the tree, as JSON so each use is a fresh mutable copy. */
    private static final List<String> VALUES = List.of("null", "\"\"", "\"x\"", "true", "false", "0", "-1", "1.5",
            "20000", "4294967296", "99999999999999999999", "1e400", "[]", "[0.5, 0.2]", "[1, 2, 3]", "{}",
            "{\"Bogus\": 1}", "{\"CommPrefix\": \"a\"}");

    /** Replaces, removes or adds one value somewhere in the tree. */
    @SuppressWarnings("unchecked")
    private static void mutateSomewhere(Object tree, Random r) throws IOException {
        List<Object> containers = new ArrayList<>();
        collect(tree, containers);
        Object c = containers.get(r.nextInt(containers.size()));
        Object value = JSON.std.anyFrom(VALUES.get(r.nextInt(VALUES.size())));
        if (c instanceof Map<?, ?> m0) {
            Map<String, Object> m = (Map<String, Object>) m0;
            List<String> keys = new ArrayList<>(m.keySet());
            int action = keys.isEmpty() ? 2 : r.nextInt(3);
            if (action == 0) m.put(keys.get(r.nextInt(keys.size())), value);
            else if (action == 1) m.remove(keys.get(r.nextInt(keys.size())));
            else m.put(r.nextBoolean() ? "extra" : "protected", value);
        } else {
            List<Object> l = (List<Object>) c;
            int action = l.isEmpty() ? 2 : r.nextInt(3);
            if (action == 0) l.set(r.nextInt(l.size()), value);
            else if (action == 1) l.remove(r.nextInt(l.size()));
            else l.add(r.nextInt(l.size() + 1), value);
        }
    }

    private static void collect(Object node, List<Object> out) {
        if (node instanceof Map<?, ?> m) {
            out.add(m);
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            out.add(l);
            l.forEach(v -> collect(v, out));
        }
    }

    private static Map<String, Object> pick(List<Map<String, Object>> layers, Random r) {
        return layers.get(r.nextInt(layers.size()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kindFields(Map<String, Object> layer) {
        return (Map<String, Object>) ((Map<String, Object>) layer.get("kind")).values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static String kindPath(Map<String, Object> layer) {
        return "kind." + ((Map<String, Object>) layer.get("kind")).keySet().iterator().next();
    }
}
