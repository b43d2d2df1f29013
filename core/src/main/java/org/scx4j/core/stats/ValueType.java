package org.scx4j.core.stats;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JSON type of a metric's value, spelled as the upstream stats protocol
 * spells it in {@code stats_meta} ({@code "datum":"u64"}), so monitors written
 * for the upstream schedulers read our metadata unchanged.
 */
public enum ValueType {
    U64("u64"),
    I64("i64"),
    FLOAT("float"),
    STRING("string");

    private final String wireName;

    ValueType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the socket and in {@code --help-stats}. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, if it is one of the scalar types. */
    public static Optional<ValueType> ofWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
