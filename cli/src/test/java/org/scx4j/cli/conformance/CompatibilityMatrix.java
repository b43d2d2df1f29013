package org.scx4j.cli.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The answer to "does scheduler X work on my kernel": each conformance class records one
 * kernel's column in a file (classes may run in separate JVMs, side by side), and prints
 * the matrix of every column of this build so far; the class that finishes last prints the
 * whole one and leaves it as Markdown for {@code docs/COMPATIBILITY.md}.
 */
final class CompatibilityMatrix {
    /** One cell: {@code pass}, {@code fail} or {@code not supported}, with the reason or the figures. */
    record Cell(String scheduler, String status, String detail) {
        String text() {
            return detail.isEmpty() ? status : status + " (" + detail + ")";
        }
    }

    private static final String SUFFIX = ".column";

    private final Path dir;
    private final String build;

    CompatibilityMatrix(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /** From failsafe's properties: the results folder and the build's time stamp. */
    static CompatibilityMatrix forThisBuild() {
        return new CompatibilityMatrix(Path.of(System.getProperty("scx4j.conformance.dir", "target/conformance")),
                System.getProperty("scx4j.build", "unknown"));
    }

    /** Records the column of {@code kernel} ({@code suite}: what was run there). */
    void record(String kernel, String suite, List<Cell> cells) {
        StringBuilder text = new StringBuilder(build + "\t" + kernel + "\t" + suite + "\n");
        for (Cell c : cells) text.append(c.scheduler()).append('\t').append(c.status()).append('\t').append(c.detail()).append('\n');
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(kernel + SUFFIX), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the conformance results in " + dir, e);
        }
    }

    /** Kernel (with its suite) -> scheduler -> cell, for every column recorded by this build, newest kernel first. */
    Map<String, Map<String, Cell>> columns() {
        Map<String, Map<String, Cell>> columns = new TreeMap<>(java.util.Comparator.reverseOrder());
        if (!Files.isDirectory(dir)) return columns;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(SUFFIX)).toList()) {
                List<String> lines = Files.readAllLines(f);
                String[] head = lines.getFirst().split("\t", -1);
                if (!head[0].equals(build)) continue;
                Map<String, Cell> cells = new LinkedHashMap<>();
                for (String line : lines.subList(1, lines.size())) {
                    String[] c = line.split("\t", -1);
                    cells.put(c[0], new Cell(c[0], c[1], c[2]));
                }
                columns.put(head[1] + " (" + head[2] + ")", cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the conformance results in " + dir, e);
        }
        return columns;
    }

    /** The matrix as aligned text, one scheduler a line. */
    String text() {
        List<List<String>> rows = rows();
        int[] width = new int[rows.getFirst().size()];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) out.append(String.format("%-" + (width[i] + 2) + "s", r.get(i)));
            out.setLength(out.length() - 2);
            out.append('\n');
        }
        return out.toString();
    }

    /** The matrix as a Markdown table. */
    String markdown() {
        List<List<String>> rows = rows();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            out.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
            if (i == 0) out.append("|").append("---|".repeat(rows.get(i).size())).append('\n');
        }
        return out.toString();
    }

    /** Writes the Markdown table next to the columns and returns its path. */
    Path writeMarkdown() {
        Path md = dir.resolve("COMPATIBILITY.md");
        try {
            Files.writeString(md, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + md, e);
        }
        return md;
    }

    private List<List<String>> rows() {
        Map<String, Map<String, Cell>> columns = columns();
        List<String> schedulers = new ArrayList<>();
        columns.values().forEach(c -> c.keySet().stream().filter(s -> !schedulers.contains(s)).forEach(schedulers::add));
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("scheduler"));
        head.addAll(columns.keySet());
        rows.add(head);
        for (String s : schedulers) {
            List<String> row = new ArrayList<>(List.of(s));
            for (Map<String, Cell> c : columns.values()) row.add(c.containsKey(s) ? c.get(s).text() : "not run");
            rows.add(row);
        }
        return rows;
    }
}
