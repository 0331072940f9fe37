package io.esdmon.dashboard.replay;

import java.util.List;

/**
 * A replay as the dashboard shows it.
 *
 * @param id                  the replay's id (header of the records it writes)
 * @param run                 the run
 * @param tag                 its tag, possibly empty
 * @param version             the analysis version it writes: {@code configId~classifierConfigId}
 * @param from                the range's start as asked for, empty for none
 * @param to                  the range's end as asked for, empty for none
 * @param state               queued, running, succeeded, failed or cancelled
 * @param recordsRead         records of the range read
 * @param recordsTotal        records in the range
 * @param snapshots           snapshots analyzed
 * @param layers              layers seen
 * @param analyses            analyses written
 * @param transitions         transitions found
 * @param elapsedMs           time it has run
 * @param etaMs               estimated time left, -1 when unknown
 * @param error               why it failed, empty otherwise
 * @param summary             what it did, line by line, once succeeded
 */
public record ReplayView(String id, String run, String tag, String version, String from, String to, String state,
        long recordsRead, long recordsTotal, long snapshots, int layers, long analyses, long transitions,
        long elapsedMs, long etaMs, String error, List<String> summary) {
}
