package io.esdmon.wire;

/**
 * Kafka headers esdmon puts on the analyses and transitions a replay writes. They say where a record
 * came from, not what it holds: a replay under the monitor's own configuration writes records whose
 * values are those of the monitor's (same ids), so the value is no place for provenance. Records
 * without {@link #REPLAY} were written by the monitor. Values are UTF-8.
 */
public final class RecordHeaders {

    /** The id of the replay that wrote the record, e.g. {@code rpl-5f3a9c2e}. */
    public static final String REPLAY = "esdmon-replay";
    /** The replay's tag, a name its author chose for the analysis version (absent when none was given). */
    public static final String TAG = "esdmon-tag";

    private RecordHeaders() {
    }
}
