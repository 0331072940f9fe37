package io.esdmon.dashboard.store;

/**
 * Where a record lies in its Kafka topic, so that a thinned-out detail can be read back.
 *
 * @param partition    partition of the record
 * @param offset       offset of the record
 * @param timestampMs  the record's Kafka timestamp (when the monitor produced it), epoch milliseconds
 */
public record RecordPosition(int partition, long offset, long timestampMs) {

    /** For records that did not come from Kafka (tests, local feeds): nothing to read back. */
    public static RecordPosition local(long timestampMs) {
        return new RecordPosition(-1, -1, timestampMs);
    }

    /** Whether the record can be read back from Kafka. */
    public boolean fetchable() {
        return partition >= 0 && offset >= 0;
    }
}
