package org.scx4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU model, named in every bench report: ratios measured on one
 * machine (and under one accelerator) say nothing about another.
 */
public final class HostCpu {

    private HostCpu() {}

    /** The first "model name" of /proc/cpuinfo, or "unknown CPU". */
    public static String model() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip().replaceAll("\\s+", " "))
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
