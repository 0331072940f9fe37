package io.esdmon.pipeline.ingest;

import com.google.protobuf.ByteString;
import io.esdmon.pipeline.output.DeadLetterRecord;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.RecordCoordinates;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.wire.ProtoTypes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Builds the dead-letter records of esd.deadletter. */
public final class DeadLetters {

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
        DeadLetter.Builder d = DeadLetter.newBuilder().setReason(reason).setDetail(detail)
                .setOriginal(RecordCoordinates.newBuilder().setTopic(first.partition().getTopic())
                        .setPartition(first.partition().getPartition()).setOffset(first.offset())
                        .setTimestamp(ProtoTypes.timestamp(Instant.ofEpochMilli(first.timestamp()))))
                .setOriginalKey(ByteString.copyFrom(first.key())).setPayloadSize(first.valueSize())
                .setPayloadPrefix(ByteString.copyFrom(first.valuePrefix())).setRecordCount(sources.size())
                .setStage(stage).setRejectedAt(ProtoTypes.timestamp(now));
        if (value != null) {
            d.setPayloadSha256(sha256(value));
        }
        if (header != null) {
            d.setSnapshotId(header.getSnapshotId()).setRunId(header.getLayerStep().getRunId())
                    .setLayer(header.getLayerStep().getLayer()).setStep(header.getLayerStep().getStep());
        }
        return new DeadLetterRecord(first.key(), d.build());
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
