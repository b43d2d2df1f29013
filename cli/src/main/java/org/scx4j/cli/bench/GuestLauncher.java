package org.scx4j.cli.bench;

import java.util.List;

/**
 * How the guest starts scx4j: the host's JDK and a jar, both at host paths the
 * guest sees unchanged. Gives the command line of a scheduler run and of a
 * warm-up start.
 *
 * @param java the {@code java} executable
 * @param jar  the scx4j jar
 */
record GuestLauncher(String java, String jar) {

    /** {@code scx4j run NAME}, as a user starts a scheduler. */
    List<String> run(String scheduler) {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "run", scheduler);
    }

    /**
     * {@code scx4j list}: the first JVM start in a fresh guest reads the JDK and
     * the jar through 9p under emulation and can take minutes; doing it once
     * before the first run keeps that cost out of every scheduler's load time.
     */
    List<String> warmUp() {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "list");
    }
}
