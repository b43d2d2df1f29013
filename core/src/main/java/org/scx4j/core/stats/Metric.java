package org.scx4j.core.stats;

import java.util.Objects;

/**
 * One metric a scheduler reports, declared once: its name on the socket and in
 * the printed line, what it means, its unit, its value type, and whether it is
 * a counter (a running total the scheduler keeps; each client sees the increase
 * since its own previous request) or a gauge (reported as it is).
 *
 * @param name        identifier on the wire, lower case, e.g. {@code local}
 * @param description one line for {@code --help-stats} and {@code stats_meta}
 * @param unit        what one unit counts, e.g. {@code tasks} or {@code us}; empty for none
 * @param type        the value's JSON type
 * @param counter     true when the source reports a running total and clients see deltas
 */
public record Metric(String name, String description, String unit, ValueType type, boolean counter) {

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(type, "type");
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("metric name '" + name
                    + "' is not an identifier: use lower-case letters, digits and '_', starting with a letter");
        }
        if (counter && type != ValueType.U64 && type != ValueType.I64) {
            throw new IllegalArgumentException("metric '" + name + "' is a counter but its type is "
                    + type.wireName() + ": counters are integers");
        }
    }

    /**
     * {@code [a-z_][a-z0-9_]{0,63}}, checked without a regex: every start declares its
     * metrics, and the regex engine's classes and compiling would cost it time.
     */
    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || name.length() > 64 || Character.isDigit(name.charAt(0))) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') return false;
        }
        return true;
    }

    /** A running total (u64); clients see the increase since their previous request. */
    public static Metric counter(String name, String unit, String description) {
        return new Metric(name, description, unit, ValueType.U64, true);
    }

    /** An integer reported as it is (a queue length, a configured value). */
    public static Metric gauge(String name, String unit, String description) {
        return new Metric(name, description, unit, ValueType.U64, false);
    }

    /** A floating-point value reported as it is (a ratio, a load). */
    public static Metric ratio(String name, String unit, String description) {
        return new Metric(name, description, unit, ValueType.FLOAT, false);
    }

    /** A text value (a mode, a name). */
    public static Metric text(String name, String description) {
        return new Metric(name, description, "", ValueType.STRING, false);
    }
}
