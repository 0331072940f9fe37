package io.esdmon.pipeline.ingest;

import io.vertx.kafka.client.common.TopicPartition;
import java.util.Arrays;

/**
 * Where a consumed record came from, kept while its snapshot is assembled and analyzed: enough to
 * commit its offset afterwards and to describe it in a dead letter.
 *
 * @param partition    topic and partition
 * @param offset       offset in the partition
 * @param key          the record key (empty if none)
 * @param timestamp    broker timestamp, ms since the epoch
 * @param valueSize    size of the value in bytes
 * @param valuePrefix  the first {@link #PREFIX_BYTES} bytes of the value at most
 */
public record SourceRecord(TopicPartition partition, long offset, byte[] key, long timestamp, int valueSize,
        byte[] valuePrefix) {

    /** How much of a value a dead letter quotes. */
    public static final int PREFIX_BYTES = 4096;

    public static SourceRecord of(String topic, int partition, long offset, byte[] key, long timestamp,
            byte[] value) {
        byte[] v = value == null ? new byte[0] : value;
        return new SourceRecord(new TopicPartition(topic, partition), offset, key == null ? new byte[0] : key,
                timestamp, v.length, Arrays.copyOf(v, Math.min(v.length, PREFIX_BYTES)));
    }

    @Override
    public String toString() {
        return partition.getTopic() + "-" + partition.getPartition() + "@" + offset;
    }
}
