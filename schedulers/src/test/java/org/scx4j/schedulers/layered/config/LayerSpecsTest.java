package org.scx4j.schedulers.layered.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the positional arguments become one configuration. */
class LayerSpecsTest {
    private static final String OPEN = "[{\"name\": \"%s\", \"matches\": %s, \"kind\": {\"Open\": {}}}]";

    @Test
    void specsAreConcatenatedInOrderWhateverTheirForm(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), OPEN.formatted("a", "[[{\"NiceAbove\": 0}]]"));
        Path c = Files.writeString(dir.resolve("c.json"), OPEN.formatted("c", "[[]]"));
        LayerConfig config = LayerSpecs.load(List.of("f:" + a, OPEN.formatted("b", "[[{\"IsKthread\": true}]]"),
                "file:" + c), false);
        assertThat(config.layers()).extracting(Layer::name).containsExactly("a", "b", "c");
    }

    @Test
    void anInlineSpecIsNamedByItsPosition() {
        assertThatThrownBy(() -> LayerSpecs.load(List.of(OPEN.formatted("a", "[[]]"), "[{]"), false))
                .hasMessageStartingWith("argument 2: line 1, column 3: ");
    }

    @Test
    void runExampleComesFirstAndTheLastLayerStillCatchesAll() {
        assertThat(LayerSpecs.load(List.of(), true)).isEqualTo(ExampleConfig.CONFIG);
        LayerConfig both = LayerSpecs.load(List.of(OPEN.formatted("extra", "[[]]")), true);
        assertThat(both.layers()).hasSize(ExampleConfig.CONFIG.layers().size() + 1);
        assertThat(both.layers().getLast().name()).isEqualTo("extra");
    }

    @Test
    void nothingToRunIsAnError() {
        assertThatThrownBy(() -> LayerSpecs.load(List.of(), false)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("no layers");
        assertThatThrownBy(() -> LayerSpecs.load(List.of("[]"), false)).hasMessageStartingWith("no layers");
        assertThatThrownBy(() -> LayerSpecs.load(List.of(" "), false))
                .hasMessage("argument 1: empty spec; expected a list of layers");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> LayerSpecs.load(List.of("f:" + missing), false))
                .isInstanceOf(ConfigException.class).hasMessage("f:" + missing + ": no such file");
    }

    @Test
    void theExampleIsWrittenOnceAndReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("example.json");
        LayerSpecs.writeExample(file);
        assertThat(LayerSpecs.load(List.of("f:" + file), false)).isEqualTo(ExampleConfig.CONFIG);
        assertThatThrownBy(() -> LayerSpecs.writeExample(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("already exists");
    }
}
