package org.scx4j.core.sysfs;

import java.util.Locale;

/**
 * The values of {@code /sys/kernel/sched_ext/state}: whether a BPF scheduler is
 * attached, or on its way in or out. {@code PREPPING} only appears on kernels before
 * 6.13, briefly, while a scheduler is being loaded.
 */
public enum SchedExtState {
    PREPPING, ENABLING, ENABLED, DISABLING, DISABLED;

    /** The word sysfs prints, e.g. {@code "enabled"}. */
    public String sysfsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the word sysfs prints; a word this code does not know is an error naming it. */
    public static SchedExtState parse(String text) {
        String s = text.strip();
        for (SchedExtState v : values()) {
            if (v.sysfsName().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown sched_ext state '" + s + "': expected one of enabled, disabled, enabling, disabling, prepping");
    }
}
