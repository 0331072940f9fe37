package io.esdmon.app.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON array with one object per layer on its own line; NaN and ±Inf are written as null. */
final class JsonReport implements ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private List<Column> columns;
    private int rows;

    JsonReport(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin(List<Column> columns) {
        this.columns = columns;
        out.print('[');
    }

    @Override
    public void row(ReportRow row) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (Column column : columns) {
            Object value = column.valueOf(row);
            object.put(column.name(), value instanceof Double d && !Double.isFinite(d) ? null : value);
        }
        try {
            out.print((rows++ == 0 ? "\n" : ",\n") + JSON.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    @Override
    public void end() {
        out.println(rows == 0 ? "]" : "\n]");
        out.flush();
    }
}
