package org.scx4j.cli.bench;

import java.util.List;
import java.util.Map;
import org.scx4j.schedulers.Catalog;

/**
 * How the guest starts a scheduler: as a user who installed scx4j does, through its
 * {@code scx_NAME} launcher (with the JVM options and start-up cache of its kind), from an
 * install the bench makes in the guest first; an external one by its command line. The
 * host's JDK and jar are at host paths the guest sees unchanged.
 *
 * @param java      the {@code java} executable
 * @param jar       the scx4j jar
 * @param externals each external label's command line in the guest
 */
record GuestLauncher(String java, String jar, Map<String, List<String>> externals) {
    /** Where the bench installs scx4j in the guest (its writable overlay): apart from any install the host has. */
    static final String PREFIX = "/opt/scx4j-bench";

    GuestLauncher {
        externals = Map.copyOf(externals);
    }

    /** The installed {@code scx_NAME} launcher, or the external command of that label. */
    List<String> run(String scheduler) {
        List<String> external = externals.get(scheduler);
        if (external != null) return external;
        Catalog.require(scheduler);
        return List.of(PREFIX + "/bin/" + scheduler);
    }

    /**
     * {@code scx4j install} into {@link #PREFIX}: it writes the launchers and trains each kind's
     * start-up cache, and, as the first JVM start in a fresh guest (which reads the JDK and the
     * jar through 9p under emulation), keeps that cost out of every scheduler's start.
     * Forced: the prefix is the bench's own, and a retry must replace what an attempt whose
     * JVM crashed under emulation left there before it recorded its files.
     */
    List<String> install() {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "install", "--force", "--prefix", PREFIX,
                "--unit-dir", PREFIX + "/unit", "--config", PREFIX + "/scx.default");
    }
}
