package org.scx4j.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG bar chart of every scheduler's ratio to EEVDF, one bar per figure,
 * readable at a glance: bars grow left or right from the 1.0 line on a log
 * scale (so 0.5 and 2.0 are equally far from "same"), green when the
 * scheduler did better than EEVDF on that figure and red when worse. Below
 * them, the schedulers' footprints, which have no EEVDF value: absolute values
 * in one colour, each bar scaled to the largest of its group. Written by hand
 * as plain SVG text: no chart library, opens in any browser.
 */
public final class RatioChart {

    private static final int WIDTH = 860;
    private static final int LABEL_WIDTH = 300;
    private static final int PLOT_LEFT = LABEL_WIDTH + 20;
    private static final int PLOT_RIGHT = WIDTH - 70;
    /** Where the longest footprint bar ends, leaving room for its value and unit. */
    private static final int FOOTPRINT_RIGHT = PLOT_RIGHT - 40;
    private static final int BAR_HEIGHT = 16;
    private static final int ROW_GAP = 6;
    private static final int TOP = 78;
    private static final String BETTER = "#2e7d32";
    private static final String WORSE = "#c62828";
    private static final String SAME = "#757575";
    private static final String ABSOLUTE = "#1565c0";

    private RatioChart() {}

    /** The chart as a complete SVG document. */
    public static String render(BenchResults results) {
        List<BenchResults.Row> ratioRows = results.rows().stream()
                .filter(r -> !r.scheduler().equals(BenchResults.BASELINE) && !r.figure().footprint()).toList();
        List<BenchResults.Row> footprintRows = results.rows().stream().filter(r -> r.figure().footprint()).toList();
        double[] range = log2Range(ratioRows);
        double lo = range[0];
        double hi = range[1];
        List<String> body = new ArrayList<>();
        int y = TOP;
        String lastGroup = "";
        for (BenchResults.Row row : ratioRows) {
            if (!group(row).equals(lastGroup)) {
                y = groupTitle(body, row, y);
                lastGroup = group(row);
            }
            body.add(text(LABEL_WIDTH, y + 12, "end", "normal", row.scheduler()));
            if (row.ratio().isPresent()) {
                double r = row.ratio().getAsDouble();
                double x1 = x(0, lo, hi);
                double x2 = x(Math.log(r) / Math.log(2), lo, hi);
                String colour = Math.abs(r - 1.0) < 0.005 ? SAME : row.figure().improves(r) ? BETTER : WORSE;
                double left = Math.min(x1, x2);
                double width = Math.max(1.5, Math.abs(x2 - x1));
                body.add(bar(left, y, width, colour, row.scheduler() + ": " + ratio(r)));
                boolean rightSide = x2 >= x1;
                body.add(text(rightSide ? Math.max(x2, x1) + 4 : left - 4, y + 12, rightSide ? "start" : "end", "normal", ratio(r)));
            } else {
                body.add(missing(row, y, "no eevdf baseline"));
            }
            y += BAR_HEIGHT + ROW_GAP;
        }
        int gridBottom = y;
        if (ratioRows.isEmpty()) {
            body.add(text(10, y + 14, "start", "normal", "Only eevdf was benchmarked: there is no ratio to show."));
            y += 30;
        }
        if (!footprintRows.isEmpty()) {
            y += 2 * ROW_GAP;
            body.add(text(10, y + 12, "start", "bold",
                    "Footprint: each scheduler's own cost, absolute values (each bar scaled to the largest of its group)"));
            y += BAR_HEIGHT + ROW_GAP;
        }
        lastGroup = "";
        for (BenchResults.Row row : footprintRows) {
            if (!group(row).equals(lastGroup)) {
                y = groupTitle(body, row, y);
                lastGroup = group(row);
            }
            body.add(text(LABEL_WIDTH, y + 12, "end", "normal", row.scheduler()));
            if (row.summary().isPresent()) {
                double v = row.summary().get().median();
                double largest = footprintRows.stream().filter(r -> group(r).equals(group(row)) && r.summary().isPresent())
                        .mapToDouble(r -> r.summary().get().median()).max().orElse(v);
                double width = Math.max(1.5, largest > 0 ? v / largest * (FOOTPRINT_RIGHT - PLOT_LEFT) : 0);
                String value = ResultTable.number(v) + " " + row.figure().unit();
                body.add(bar(PLOT_LEFT, y, width, ABSOLUTE, row.scheduler() + ": " + value));
                body.add(text(PLOT_LEFT + width + 4, y + 12, "start", "normal", value));
            } else {
                body.add(missing(row, y, "no runs"));
            }
            y += BAR_HEIGHT + ROW_GAP;
        }
        int height = y + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                .formatted(WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 20, "start", "bold", "scx4j bench: median ratio to eevdf (same boot), log scale")).append('\n');
        svg.append(text(10, 38, "start", "normal", results.machine().describe())).append('\n');
        svg.append(text(10, 54, "start", "normal", "green: better than eevdf, red: worse")).append('\n');
        for (int p = (int) lo; p <= (int) hi; p++) {
            double gx = x(p, lo, hi);
            svg.append("<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>\n"
                    .formatted(fmt(gx), TOP - 6, fmt(gx), gridBottom + 6, p == 0 ? "#000" : "#ddd", p == 0 ? "1.5" : "1"));
            svg.append(text(gx, TOP - 10, "middle", "normal", ratio(Math.pow(2, p)))).append('\n');
        }
        for (String element : body) {
            svg.append(element).append('\n');
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String group(BenchResults.Row row) {
        return row.workload().name() + " " + ResultTable.figureLabel(row.figure());
    }

    /** Adds a group's title line (workload, figure, unit, direction) and returns the y below it. */
    private static int groupTitle(List<String> body, BenchResults.Row row, int y) {
        y += ROW_GAP;
        body.add(text(10, y + 12, "start", "bold", row.workload().name() + "  " + row.figure().name()
                + (row.figure().unit().isEmpty() ? "" : " (" + row.figure().unit() + ")")
                + "  - " + row.figure().better().label()));
        return y + BAR_HEIGHT + ROW_GAP;
    }

    private static String bar(double left, int y, double width, String colour, String title) {
        return "<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>"
                .formatted(fmt(left), y, fmt(width), BAR_HEIGHT, colour, escape(title));
    }

    /** The text in place of a bar: the first failure, else why there is no value. */
    private static String missing(BenchResults.Row row, int y, String otherwise) {
        String why = row.failures().isEmpty() ? otherwise : "failed: " + row.failures().getFirst();
        return text(PLOT_LEFT, y + 12, "start", "normal", shorten(why, 90));
    }

    /** Whole powers of two around every ratio, at least 0.5..2, at most 1/64..64. */
    static double[] log2Range(List<BenchResults.Row> rows) {
        double lo = -1;
        double hi = 1;
        for (BenchResults.Row row : rows) {
            if (row.ratio().isPresent() && row.ratio().getAsDouble() > 0) {
                double l = Math.log(row.ratio().getAsDouble()) / Math.log(2);
                lo = Math.min(lo, Math.floor(l));
                hi = Math.max(hi, Math.ceil(l));
            }
        }
        return new double[] {Math.max(lo, -6), Math.min(hi, 6)};
    }

    private static double x(double log2, double lo, double hi) {
        double clamped = Math.max(lo, Math.min(hi, log2));
        return PLOT_LEFT + (clamped - lo) / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT);
    }

    private static String ratio(double r) {
        return r >= 10 ? String.format(Locale.ROOT, "%.0fx", r)
                : r >= 1 ? String.format(Locale.ROOT, "%.2fx", r) : String.format(Locale.ROOT, "%.3gx", r);
    }

    private static String text(double x, double y, String anchor, String weight, String content) {
        return "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>"
                .formatted(fmt(x), fmt(y), anchor, weight, escape(content));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; an exit line could carry one.
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
