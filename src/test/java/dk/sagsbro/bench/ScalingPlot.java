package dk.sagsbro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws the intake benchmark's sweeps (bench/run-scaling.sh) as one SVG: packets per second and p99 latency against
 * the number of concurrent clients, and MiB per second against the packet's size, both on logarithmic x axes.
 * Arguments: the results directory, the SVG to write, a caption (machine and date).
 */
public final class ScalingPlot {
    private static final int WIDTH = 460;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 60;

    record Row(double[] values) {
        double get(int column) {
            return values[column];
        }
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "target/bench-results");
        Path svg = Path.of(args.length > 1 ? args[1] : "bench/scaling.svg");
        String caption = args.length > 2 ? args[2] : "";
        List<Row> concurrency = read(results.resolve("intake-concurrency.csv"));
        List<Row> sizes = read(results.resolve("intake-size.csv"));
        StringBuilder out = new StringBuilder();
        int total = WIDTH * 2 + 40;
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", total, HEIGHT + 60));
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        panel(out, 0, "50 KB packets: rate and p99 against concurrent clients", "concurrent clients", concurrency,
                r -> r.get(0), new Series("packets/s", "#1f6feb", r -> r.get(1)),
                new Series("p99 ms", "#d1242f", r -> r.get(3)));
        panel(out, WIDTH + 40, "Large packets: MiB/s against size", "packet size (MiB)", sizes, r -> r.get(0),
                new Series("MiB/s", "#1a7f37", r -> r.get(2)), null);
        out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", HEIGHT + 50, escape(caption)));
        out.append("</svg>\n");
        Files.writeString(svg, out.toString());
        System.out.println("wrote " + svg);
    }

    record Series(String name, String colour, ToDoubleFunction<Row> value) {
    }

    /** One chart: x on a log2 scale; the left series on the left axis, the right one (if any) on the right axis. */
    private static void panel(StringBuilder out, int left, String title, String xLabel, List<Row> rows,
            ToDoubleFunction<Row> x, Series leftSeries, Series rightSeries) {
        int plotWidth = WIDTH - 2 * MARGIN;
        int plotHeight = HEIGHT - 2 * MARGIN;
        int x0 = left + MARGIN;
        int y0 = 20 + MARGIN + plotHeight;
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" font-weight=\"bold\">%s</text>%n", left + 10,
                escape(title)));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", x0, y0 - plotHeight, plotWidth, plotHeight));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x0 + plotWidth / 2, y0 + 35, escape(xLabel)));
        if (rows.isEmpty()) {
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no results</text>%n", x0 + 10,
                    y0 - plotHeight / 2));
            return;
        }
        double minX = Math.log(rows.stream().mapToDouble(x).min().orElse(1)) / Math.log(2);
        double maxX = Math.log(rows.stream().mapToDouble(x).max().orElse(2)) / Math.log(2);
        double spanX = Math.max(maxX - minX, 1);
        for (Row row : rows) {
            double xv = x.applyAsDouble(row);
            int px = x0 + (int) ((Math.log(xv) / Math.log(2) - minX) / spanX * plotWidth);
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
                    y0 + 15, xv == Math.rint(xv) ? String.valueOf((long) xv) : String.valueOf(xv)));
        }
        series(out, rows, x, leftSeries, x0, y0, plotWidth, plotHeight, minX, spanX, x0 - 5, "end", 0);
        if (rightSeries != null) {
            series(out, rows, x, rightSeries, x0, y0, plotWidth, plotHeight, minX, spanX, x0 + plotWidth + 5,
                    "start", 1);
        }
    }

    private static void series(StringBuilder out, List<Row> rows, ToDoubleFunction<Row> x, Series series, int x0,
            int y0, int plotWidth, int plotHeight, double minX, double spanX, int axisX, String anchor, int slot) {
        double max = rows.stream().mapToDouble(series.value()).max().orElse(1) * 1.1;
        List<String> points = new ArrayList<>();
        for (Row row : rows) {
            int px = x0 + (int) ((Math.log(x.applyAsDouble(row)) / Math.log(2) - minX) / spanX * plotWidth);
            double value = series.value().applyAsDouble(row);
            int py = y0 - (int) (value / max * plotHeight);
            points.add(px + "," + py);
            out.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>%n", px, py,
                    series.colour()));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"%s\">%.0f</text>%n",
                    px + 4, py - 4, series.colour(), value));
        }
        out.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                + "stroke-width=\"2\"/>%n", String.join(" ", points), series.colour()));
        for (int tick = 0; tick <= 4; tick++) {
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\" "
                    + "font-size=\"10\">%.0f</text>%n", axisX, y0 - tick * plotHeight / 4 + 4, anchor,
                    series.colour(), max * tick / 4));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                x0 + 10 + slot * 110, y0 - plotHeight - 8, series.colour(), escape(series.name())));
    }

    private static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(csv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] fields = line.split(",");
                double[] values = new double[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    values[i] = Double.parseDouble(fields[i]);
                }
                rows.add(new Row(values));
            }
        }
        return rows;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
