package org.scx4j.schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
