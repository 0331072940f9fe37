package io.esdmon.app.analyze;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV with a header row of column names, RFC 4180 quoting and Unix line ends; empty cells where
 * a row has no value or the value is NaN or ±Inf.
 */
final class CsvReport implements ReportWriter {

    private final PrintWriter out;
    private List<Column> columns;

    CsvReport(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin(List<Column> columns) {
        this.columns = columns;
        out.print(columns.stream().map(c -> cell(c.name())).collect(Collectors.joining(",")) + "\n");
        out.flush();
    }

    @Override
    public void row(ReportRow row) {
        out.print(columns.stream().map(c -> cell(c.valueOf(row))).collect(Collectors.joining(",")) + "\n");
        out.flush();
    }

    @Override
    public void end() {
        out.flush();
    }

    private static String cell(Object value) {
        if (value == null || value instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
