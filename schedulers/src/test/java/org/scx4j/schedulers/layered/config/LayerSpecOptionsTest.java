package org.scx4j.schedulers.layered.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options as a command line gives them. */
class LayerSpecOptionsTest {

    private static LayerSpecOptions parse(String... args) {
        LayerSpecOptions options = new LayerSpecOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aBadFileIsOneLineNamingFileLayerAndField(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                [{"name": "batch", "matches": [[{"NiceAbove": 0}]], "kind": {"Confined": {"util_range": [0.8, 0.5]}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]
                """);
        assertThat(parse("f:" + bad).problem())
                .contains("f:" + bad + ": layer \"batch\" / kind.Confined.util_range: low 0.8 is above high 0.5");
    }

    @Test
    void noSpecRunsTheExample() {
        LayerSpecOptions options = parse();
        assertThat(options.problem()).isEmpty();
        assertThat(options.config()).isEqualTo(ExampleConfig.CONFIG);
    }

    @Test
    void specsAndRunExampleMakeOneConfig() {
        LayerSpecOptions options = parse("--run-example", "[{\"name\": \"x\", \"matches\": [[]], \"kind\": {\"Open\": {}}}]");
        assertThat(options.writeExample()).isEmpty();
        assertThat(options.problem()).isEmpty();
        assertThat(options.config().layers()).extracting(Layer::name)
                .containsExactly("batch", "immediate", "stress-ng", "normal", "x");
    }

    @Test
    void dashEWritesTheExampleOnce(@TempDir Path dir) {
        Path file = dir.resolve("example.json");
        assertThat(parse("-e", file.toString()).writeExample()).contains(0);
        assertThat(LayerSpecs.load(List.of("f:" + file), false)).isEqualTo(ExampleConfig.CONFIG);
        assertThat(parse("-e", file.toString()).writeExample()).contains(1);
    }
}
