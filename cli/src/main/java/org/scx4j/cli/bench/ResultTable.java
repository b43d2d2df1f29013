package org.scx4j.cli.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The aligned text table people read after a bench: one row per workload,
 * figure and scheduler with the median, the range and the ratio to EEVDF.
 * Repeated workload and figure names are left blank so groups stand out; a
 * scheduler whose runs failed shows "failed" and its exit line instead.
 * Footprint rows have no ratio: their values are read as they are.
 */
public final class ResultTable {

    private static final List<String> HEADER = List.of("workload", "figure", "scheduler", "median", "min-max", "vs eevdf", "");
    static final String FOOTPRINT_NOTE = "start, cpu, rss: the scheduler's own cost, absolute (seconds to load, "
            + "CPU seconds per second of the run, peak MiB resident)";

    private ResultTable() {}

    /** The whole report: a header line naming the machine, then the table. */
    public static String render(BenchResults results, BenchPlan plan) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        String lastWorkload = "";
        String lastFigure = "";
        for (BenchResults.Row row : results.rows()) {
            String workload = row.workload().name();
            String figure = figureLabel(row.figure());
            boolean newGroup = !workload.equals(lastWorkload) || !figure.equals(lastFigure);
            List<String> line = new ArrayList<>();
            line.add(workload.equals(lastWorkload) ? "" : workload);
            line.add(newGroup ? figure : "");
            line.add(row.scheduler());
            if (row.summary().isPresent()) {
                Summary s = row.summary().get();
                line.add(number(s.median()));
                line.add(number(s.min()) + "-" + number(s.max()));
                line.add(row.ratio().isPresent() ? ratio(row.ratio().getAsDouble(), row.figure(), row.scheduler())
                        : row.figure().footprint() ? "" : "n/a");
                line.add(row.failures().isEmpty() ? ""
                        : "%d/%d runs failed: %s".formatted(row.failures().size(), row.failures().size() + s.count(), row.failures().getFirst()));
            } else {
                line.add("failed");
                line.add("");
                line.add("");
                line.add(row.failures().isEmpty() ? "no runs" : row.failures().getFirst());
            }
            cells.add(line);
            lastWorkload = workload;
            lastFigure = figure;
        }
        StringBuilder out = new StringBuilder();
        out.append("scx4j bench: ").append(results.machine().describe()).append('\n');
        out.append(plan.runs()).append(" run(s) per scheduler, alternating");
        if (plan.warmupSeconds() > 0) out.append(", each after ").append(plan.warmupSeconds()).append(" s of warm-up load");
        out.append("; ratios compare medians to eevdf from the same boot\n");
        out.append("v: lower is better, ^: higher is better\n");
        if (results.schedulers().stream().anyMatch(s -> !s.equals(BenchResults.BASELINE))) {
            out.append(FOOTPRINT_NOTE).append('\n');
        }
        out.append('\n');
        out.append(align(cells));
        return out.toString();
    }

    static String figureLabel(Figure f) {
        String unit = f.unit().isEmpty() ? "" : " (" + f.unit() + ")";
        return f.name() + unit + (f.better() == Figure.Better.LOWER ? " v" : " ^");
    }

    static String ratio(double ratio, Figure figure, String scheduler) {
        String value = String.format(Locale.ROOT, "%.2f", ratio);
        if (scheduler.equals(BenchResults.BASELINE) || Math.abs(ratio - 1.0) < 0.005) {
            return value;
        }
        return value + (figure.improves(ratio) ? " better" : " worse");
    }

    /** A figure with as many decimals as its size deserves; three significant digits below 0.1 (a C loader's CPU). */
    static String number(double v) {
        double a = Math.abs(v);
        if (a > 0 && a < 0.1) return new BigDecimal(v).round(new MathContext(3)).toPlainString();
        String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }

    /** Left-aligned text columns, right-aligned numbers, two spaces between columns. */
    static String align(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                boolean numeric = c == 3 || c == 4;
                String padded = numeric ? " ".repeat(width[c] - cell.length()) + cell
                        : c == columns - 1 ? cell : cell + " ".repeat(width[c] - cell.length());
                line.append(padded);
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
