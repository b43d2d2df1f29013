package org.scx4j.cli.bench;

import java.util.List;
import org.scx4j.schedulers.Catalog;

/**
 * The scheduler names {@code bench} accepts besides {@code eevdf}: those the
 * scheduler catalog can run, so validation, help text and {@code scx4j list}
 * always agree.
 */
public final class KnownSchedulers {

    private KnownSchedulers() {}

    /** Every scheduler name the catalog knows, in its order. */
    public static List<String> names() {
        return Catalog.all().stream().map(Catalog.Entry::name).toList();
    }
}
