package org.scx4j.schedulers.layered.config;

import java.util.List;

/** The layers, in match order; the last one matches every task. */
public record LayerConfig(List<Layer> layers) {
    /** Upstream's MAX_LAYERS. */
    public static final int MAX_LAYERS = 16;

    public LayerConfig {
        layers = List.copyOf(layers);
    }
}
