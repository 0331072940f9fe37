package io.esdmon.app.analyze;

import java.util.List;

/** Writes report rows to standard output as they are produced. */
interface ReportWriter {

    /** Called once, before any row, with the columns the analysis options produce. */
    void begin(List<Column> columns);

    void row(ReportRow row);

    /** Called once after the last row. */
    void end();
}
