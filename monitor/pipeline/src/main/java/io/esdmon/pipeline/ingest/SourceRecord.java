package io.esdmon.pipeline.ingest;

import io.esdmon.wire.snapshot.ChunkSource;
import io.esdmon.wire.snapshot.SnapshotRules;
import io.vertx.kafka.client.common.TopicPartition;
import java.util.Arrays;

/**
 * Where a consumed record came from, kept while its snapshot is assembled and analyzed: enough to
 * commit its offset afterwards and to describe it in a dead letter, but never the whole of a large
 * key or value.
 *
 * @param partition    topic and partition
 * @param offset       offset in the partition
 * @param key          the record key (empty if none), cut to {@link DeadLetters#CUT_KEY_BYTES} when longer
 *                     than any valid key
 * @param keySize      size of the whole key in bytes
 * @param keySha256    SHA-256 of the whole key, lowercase hex; empty without a key
 * @param timestamp    broker timestamp, ms since the epoch
 * @param valueSize    size of the value in bytes
 * @param valuePrefix  the first {@link #PREFIX_BYTES} bytes of the value at most
 */
public record SourceRecord(TopicPartition partition, long offset, byte[] key, int keySize, String keySha256,
        long timestamp, int valueSize, byte[] valuePrefix) implements ChunkSource {

    /** How much of a value a dead letter quotes. */
    public static final int PREFIX_BYTES = 4096;
    /** The record itself, its partition and the strings it refers to. */
    private static final long OVERHEAD_BYTES = 256;

    public static SourceRecord of(String topic, int partition, long offset, byte[] key, long timestamp,
            byte[] value) {
        byte[] v = value == null ? new byte[0] : value;
        byte[] k = key == null ? new byte[0] : key;
        byte[] kept = k.length > SnapshotRules.MAX_KEY_BYTES ? Arrays.copyOf(k, DeadLetters.CUT_KEY_BYTES) : k;
        return new SourceRecord(new TopicPartition(topic, partition), offset, kept, k.length,
                k.length == 0 ? "" : DeadLetters.sha256(k), timestamp, v.length,
                Arrays.copyOf(v, Math.min(v.length, PREFIX_BYTES)));
    }

    /** Whether the key was longer than any valid key (and is kept cut). */
    public boolean keyTooLong() {
        return keySize > SnapshotRules.MAX_KEY_BYTES;
    }

    @Override
    public long retainedBytes() {
        return OVERHEAD_BYTES + key.length + valuePrefix.length;
    }

    @Override
    public String toString() {
        return partition.getTopic() + "-" + partition.getPartition() + "@" + offset;
    }
}
