package org.scx4j.schedulers.layered;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.scx4j.schedulers.layered.config.Match;

/**
 * The cgroup rules, resolved in Java: which rules each cgroup matches, by the cgroup's id (the
 * inode number of its directory, which is what BPF reads as {@code cgrp->kn->id}). A cgroup's
 * path is upstream's: relative to the cgroup root, its names joined by {@code /}, with a
 * {@code /} at the end ({@code system.slice/foo.service/}; the root is {@code /}).
 */
final class CgroupRules {
    private final List<Match.Text> rules;
    private final Pattern[] regexes;

    /** @param rules the cgroup rules, bit i for rules[i] */
    CgroupRules(List<Match.Text> rules) {
        this.rules = List.copyOf(rules);
        this.regexes = new Pattern[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).kind() == org.scx4j.schedulers.layered.config.MatchKind.CgroupRegex) {
                regexes[i] = Pattern.compile(rules.get(i).text());
            }
        }
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Bit i set: the cgroup at path (upstream's form) matches rule i. */
    long bits(String path) {
        long bits = 0;
        for (int i = 0; i < rules.size(); i++) {
            String text = rules.get(i).text();
            boolean match = switch (rules.get(i).kind()) {
                case CgroupPrefix -> path.startsWith(text);
                case CgroupSuffix -> path.endsWith(text);
                case CgroupContains -> path.contains(text);
                case CgroupRegex -> regexes[i].matcher(path).find();
                default -> false;
            };
            if (match) bits |= 1L << i;
        }
        return bits;
    }

    /**
     * How many cgroups there are below root ({@code nr_descendants} in its {@code cgroup.stat}),
     * a cheap sign that cgroups came or went; -1 if it cannot be read.
     */
    static long descendants(Path root) {
        try {
            for (String line : Files.readAllLines(root.resolve("cgroup.stat"))) {
                if (line.startsWith("nr_descendants ")) return Long.parseLong(line.substring("nr_descendants ".length()).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // not a cgroup v2 root: every step rescans
        }
        return -1;
    }

    /**
     * Fills {@code into} (cleared first) with id -> bits for every cgroup under root that matches a
     * rule. A cgroup that disappears during the walk is skipped.
     */
    void scan(Path root, Map<Long, Long> into) {
        into.clear();
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).forEach(dir -> {
                String rel = root.relativize(dir).toString();
                long bits = bits(rel.isEmpty() ? "/" : rel + "/");
                if (bits == 0) return;
                try {
                    into.put(((Number) Files.getAttribute(dir, "unix:ino")).longValue(), bits);
                } catch (IOException e) {
                    // removed meanwhile
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a cgroup removed during the walk: the next scan sees the tree as it is then
        }
    }
}
