package io.esdmon.dashboard.store;

/**
 * Who wrote a record: the monitor, or a replay (its id and tag, from the record's Kafka headers,
 * {@link io.esdmon.wire.RecordHeaders}).
 *
 * @param replayId  the replay's id; empty for the monitor
 * @param tag       the replay's tag; may be empty
 */
public record RecordOrigin(String replayId, String tag) {

    /** Records written by the monitor. */
    public static final RecordOrigin MONITOR = new RecordOrigin("", "");

    public RecordOrigin {
        replayId = replayId == null ? "" : replayId;
        tag = tag == null ? "" : tag;
    }

    public boolean isReplay() {
        return !replayId.isEmpty();
    }
}
