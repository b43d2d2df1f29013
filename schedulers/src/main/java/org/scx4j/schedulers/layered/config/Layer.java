package org.scx4j.schedulers.layered.config;

import java.util.List;

/**
 * One layer: the tasks its {@code matches} take (any OR group whose AND-ed rules all hold; the
 * first layer that matches wins) and how it is scheduled.
 *
 * @param name    unique, 1..{@value #MAX_NAME} bytes
 * @param comment free text, or null
 * @param matches OR groups of AND-ed rules; {@code [[]]} matches every task
 * @param kind    the policy
 */
public record Layer(String name, String comment, List<List<Match>> matches, LayerKind kind) {
    /** Upstream keeps 64 bytes of a layer name for the user (the rest is for template suffixes). */
    public static final int MAX_NAME = 64;
    /** Upstream's MAX_LAYER_MATCH_ORS, and its bound on rules per group (one per rule kind it has). */
    public static final int MAX_OR_GROUPS = 32, MAX_AND_RULES = 26;

    public Layer {
        matches = matches.stream().map(List::copyOf).toList();
    }

    /** True for {@code [[]]}: the layer takes every task that reaches it. */
    public boolean matchesEverything() {
        return matches.size() == 1 && matches.getFirst().isEmpty();
    }
}
