package org.scx4j.schedulers.layered.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The hand-written configurations under test resources layered/: each valid one reads, each invalid one gives its .err. */
class LayerConfigFilesTest {

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(LayerConfigFilesTest.class.getResource("/layered/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> files(String dir, String ext) throws IOException {
        return Files.list(resource(dir)).filter(p -> p.toString().endsWith(ext)).sorted();
    }

    static Stream<Path> valid() throws IOException {
        return Stream.concat(Stream.of(resource("example.json")), files("valid", ".json"));
    }

    static Stream<Path> invalid() throws IOException {
        return files("invalid", ".json");
    }

    @Test
    void theExampleFileIsTheBuiltInExample() {
        assertThat(LayerSpecs.load(List.of("f:" + resource("example.json")), false)).isEqualTo(ExampleConfig.CONFIG);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void aValidFileReadsAndSurvivesWritingBack(Path file) {
        LayerConfig config = LayerSpecs.load(List.of("file:" + file), false);
        assertThat(LayerSpecs.load(List.of(LayerConfigWriter.toJson(config)), false)).isEqualTo(config);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void anInvalidFileGivesItsError(Path file) throws IOException {
        String expected = Files.readString(Path.of(file.toString().replaceFirst("\\.json$", ".err"))).strip();
        assertThatThrownBy(() -> LayerSpecs.load(List.of("f:" + file), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f:" + file + ": " + expected);
    }

    @Test
    void everyRuleFileUsesEveryRuleAndTheDefaults() {
        LayerConfig config = LayerSpecs.load(List.of("f:" + resource("valid/every-rule.json")), false);
        assertThat(config.layers().stream().flatMap(l -> l.matches().stream()).flatMap(List::stream).map(Match::kind)
                .distinct()).containsExactlyInAnyOrder(MatchKind.values());
        Layer rest = config.layers().getLast();
        assertThat(rest.comment()).isNull();
        assertThat(rest.kind().cpusRange()).isNull();
        assertThat(rest.kind().common().weight()).as("weight 0 is upstream's default").isEqualTo(100);
        assertThat(rest.kind().common().growthAlgo()).isEqualTo(GrowthAlgo.Sticky);
        assertThat(config.layers().get(2).kind().common().nodes()).containsExactly(0, 1);
    }
}
