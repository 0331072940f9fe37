package io.esdmon.app.analyze;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The readable default output: one aligned line per layer with the headline metrics; skipped and
 * not-analyzed layers show their reason instead. Values come from the same {@link Columns} as
 * JSON and CSV.
 */
final class TableReport implements ReportWriter {

    /** A table column: its header, the report column it shows, and how a value is printed. */
    private record Cell(String header, String column, String format, int width, boolean left) {

        Cell(String header, String column, String format) {
            this(header, column, format, Math.max(MIN_WIDTH, header.length()), false);
        }

        String render(Object value) {
            if (value == null) {
                return "";
            }
            if (value instanceof Double d && !Double.isFinite(d)) {
                return d.isNaN() ? "nan" : d > 0 ? "inf" : "-inf";
            }
            return String.format(Locale.ROOT, format, value);
        }
    }

    private static final List<Cell> CELLS = List.of(
            new Cell("Q", "Q", "%.2f"),
            new Cell("num_evals", "num_evals", "%d"),
            new Cell("alpha", "alpha", "%.3f"),
            new Cell("D", "D", "%.3f"),
            new Cell("xmin", "xmin", "%.4g", 9, false),
            new Cell("stable_rank", "stable_rank", "%.2f"),
            new Cell("mp_softrank", "mp_softrank", "%.3f"),
            new Cell("num_spikes", "num_spikes", "%d"),
            new Cell("num_rand_spikes", "rand_num_spikes", "%d"),
            new Cell("matrix_rank", "matrix_rank", "%d"),
            new Cell("phase", "phase", "%s", 16, true),
            new Cell("warning", "warning", "%s", 0, true));

    private static final int MIN_WIDTH = 7;
    private static final int SHAPE_WIDTH = 11;

    private final PrintWriter out;
    private final int layerWidth;
    private List<Cell> cells;

    /** @param layerWidth width of the layer column: the longest layer name to come */
    TableReport(PrintWriter out, int layerWidth) {
        this.out = out;
        this.layerWidth = Math.max("layer".length(), layerWidth);
    }

    @Override
    public void begin(List<Column> columns) {
        Set<String> enabled = columns.stream().map(Column::name).collect(Collectors.toSet());
        cells = CELLS.stream().filter(c -> enabled.contains(c.column())).toList();
        StringBuilder line = new StringBuilder(pad("layer", layerWidth, true)).append("  ")
                .append(pad("N×M", SHAPE_WIDTH, false));
        for (Cell cell : cells) {
            line.append("  ").append(pad(cell.header(), cell.width(), cell.left()));
        }
        out.println(line.toString().stripTrailing());
        out.flush();
    }

    @Override
    public void row(ReportRow row) {
        Object n = Columns.named("N").valueOf(row);
        String shape = n == null ? "" : n + "×" + Columns.named("M").valueOf(row);
        StringBuilder line = new StringBuilder(pad(row.layer(), layerWidth, true)).append("  ")
                .append(pad(shape, SHAPE_WIDTH, false));
        if (row instanceof ReportRow.Analyzed) {
            for (Cell cell : cells) {
                line.append("  ").append(pad(cell.render(Columns.named(cell.column()).valueOf(row)), cell.width(),
                        cell.left()));
            }
        } else {
            line.append("  ").append(row.status().replace('_', ' ')).append(": ").append(row.skipReason());
        }
        out.println(line.toString().stripTrailing());
        out.flush();
    }

    @Override
    public void end() {
        out.flush();
    }

    private static String pad(String text, int width, boolean left) {
        if (text.length() >= width) {
            return text;
        }
        String space = " ".repeat(width - text.length());
        return left ? text + space : space + text;
    }
}
