package io.esdmon.pipeline.ingest;

import com.google.protobuf.ByteString;
import io.esdmon.pipeline.output.DeadLetterRecord;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.RecordCoordinates;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.wire.ProtoTypes;
import io.esdmon.wire.snapshot.SnapshotRules;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the dead-letter records of esd.deadletter, small whatever was rejected: a key longer than
 * any valid key is cut (its size and SHA-256 describe it whole), the detail is bounded, the value
 * is quoted by its first bytes only.
 */
public final class DeadLetters {

    /** What is kept of a key longer than {@link SnapshotRules#MAX_KEY_BYTES}. */
    public static final int CUT_KEY_BYTES = 256;
    /** Characters of detail kept at most. */
    public static final int MAX_DETAIL_CHARS = 4096;
    /** Characters of detail kept in a {@link #shortened} dead letter. */
    static final int SHORT_DETAIL_CHARS = 512;
    /** Bytes of key kept in a {@link #shortened} dead letter. */
    static final int SHORT_KEY_BYTES = 64;

    private DeadLetters() {
    }

    /**
     * A dead letter for a rejected snapshot or record.
     *
     * @param header    the snapshot's header when one was readable, else null
     * @param sources   every record that belonged to it; the first is quoted as the original
     * @param value     the whole value of a single rejected record (for its SHA-256), or null
     * @param stage     which stage rejected it ("ingest", "reassembly", "validation", "engine")
     */
    public static DeadLetterRecord of(DeadLetterReason reason, String detail, SnapshotHeader header,
            List<SourceRecord> sources, byte[] value, String stage, Instant now) {
        SourceRecord first = sources.get(0);
        byte[] key = first.key();
        DeadLetter.Builder d = DeadLetter.newBuilder().setReason(reason).setDetail(cut(detail, MAX_DETAIL_CHARS))
                .setOriginal(RecordCoordinates.newBuilder().setTopic(first.partition().getTopic())
                        .setPartition(first.partition().getPartition()).setOffset(first.offset())
                        .setTimestamp(ProtoTypes.timestamp(Instant.ofEpochMilli(first.timestamp()))))
                .setOriginalKey(ByteString.copyFrom(key)).setOriginalKeySize(first.keySize())
                .setOriginalKeySha256(first.keySha256())
                .setPayloadSize(first.valueSize())
                .setPayloadPrefix(ByteString.copyFrom(first.valuePrefix())).setRecordCount(sources.size())
                .setStage(stage).setRejectedAt(ProtoTypes.timestamp(now));
        if (value != null) {
            d.setPayloadSha256(sha256(value));
        }
        if (header != null) {
            d.setSnapshotId(header.getSnapshotId()).setRunId(header.getLayerStep().getRunId())
                    .setLayer(header.getLayerStep().getLayer()).setStep(header.getLayerStep().getStep());
        }
        return new DeadLetterRecord(key, d.build());
    }

    /**
     * The dead letter cut down for a Kafka that refused it as too large: detail and names shortened,
     * no value prefix, key cut to {@link #SHORT_KEY_BYTES}; sizes and hashes stay.
     */
    public static DeadLetterRecord shortened(DeadLetterRecord r) {
        DeadLetter d = r.letter();
        byte[] key = r.key().length > SHORT_KEY_BYTES ? Arrays.copyOf(r.key(), SHORT_KEY_BYTES) : r.key();
        DeadLetter small = d.toBuilder().setDetail(cut(d.getDetail(), SHORT_DETAIL_CHARS))
                .setOriginalKey(ByteString.copyFrom(key)).clearPayloadPrefix()
                .setRunId(cut(d.getRunId(), 64)).setLayer(cut(d.getLayer(), 64))
                .setSnapshotId(cut(d.getSnapshotId(), 64)).setShortened(true).build();
        return new DeadLetterRecord(key, small);
    }

    static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars) + "...";
    }
}
