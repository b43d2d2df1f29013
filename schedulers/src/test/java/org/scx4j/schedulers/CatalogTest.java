package org.scx4j.schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The catalog finds schedulers by their full or short name and names the known ones otherwise. */
class CatalogTest {

    @Test
    void scxSimpleIsABpfSchedulerFoundByEitherName() {
        Catalog.Entry e = Catalog.require("scx_simple");
        assertThat(e.kind()).isEqualTo(Catalog.Kind.BPF);
        assertThat(e.description()).isNotBlank();
        assertThat(Catalog.find("simple")).contains(e);
        assertThat(Catalog.all()).contains(e);
    }

    @Test
    void namesAreUniqueAndPrefixed() {
        assertThat(Catalog.all()).extracting(Catalog.Entry::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("scx_"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Catalog.require("nope")).hasMessageContaining("unknown scheduler 'nope'")
                .hasMessageContaining("scx_simple");
    }

    @Test
    void helpAndVersionRunWithoutAKernel() {
        assertThat(Catalog.require("scx_simple").run("-h")).isZero();
        assertThat(Catalog.require("scx_simple").run("-V")).isZero();
        assertThat(Catalog.require("scx_simple").run("--bogus")).isEqualTo(2);
    }

    /** A start with the defaults skips picocli; each scheduler's fields must then be what picocli leaves. */
    @Test
    void defaultsWithoutPicocliAreWhatPicocliParses() {
        for (Catalog.Entry e : Catalog.all()) {
            for (String[] args : new String[][] {{}, {"-v"}}) {
                assertThat(DefaultsStart.takesDefaults(args)).isTrue();
                assertThat(e.command().get()).as(e.name()).isInstanceOf(DefaultsStart.class);
                var unparsed = (DefaultsStart) e.command().get();
                unparsed.setVerbose(args.length == 1);
                var parsed = e.command().get();
                new CommandLine(parsed).parseArgs(args);
                assertThat(unparsed).as("%s %s", e.name(), String.join(" ", args)).usingRecursiveComparison()
                        .ignoringFieldsMatchingRegexes("(.*\\.)?spec") // picocli's own model, for its messages
                        .isEqualTo(parsed);
            }
        }
        assertThat(DefaultsStart.takesDefaults("-f")).isFalse();
        assertThat(DefaultsStart.takesDefaults("-v", "-v")).isFalse();
    }
}
