package org.scx4j.cli.bench;

import java.util.List;

/**
 * The scheduler names {@code bench} accepts besides {@code eevdf}: those the
 * scheduler catalog can run. Kept in one place so validation, help text and
 * the docs agree with what {@code scx4j list} shows.
 */
public final class KnownSchedulers {

    private KnownSchedulers() {}

    /** Every scheduler name the catalog knows, sorted. */
    public static List<String> names() {
        return List.of("scx_simple");
    }
}
