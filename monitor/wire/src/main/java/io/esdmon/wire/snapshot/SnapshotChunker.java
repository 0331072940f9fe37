package io.esdmon.wire.snapshot;

import com.google.protobuf.UnsafeByteOperations;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.proto.SpectrumLayout;
import io.esdmon.proto.TensorLayout;
import io.esdmon.wire.ProtoTypes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Cuts a layer payload into {@link SnapshotRecord}s of at most {@code chunkBytes} payload bytes
 * each, so that every record (payload, header and framing) stays under Kafka's default 1 MB
 * record limit ({@code max.request.size} / {@code message.max.bytes}).
 */
public final class SnapshotChunker {

    /**
     * 768 KiB of payload per record: leaves more than 250 KB for the header (bounded by
     * {@link SnapshotRules}: about 70 KB at most) under the 1,048,576-byte default limit.
     */
    public static final int DEFAULT_CHUNK_BYTES = 768 * 1024;

    private final int chunkBytes;

    public SnapshotChunker(int chunkBytes) {
        if (chunkBytes < 1 || chunkBytes > DEFAULT_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size must be in 1.." + DEFAULT_CHUNK_BYTES
                    + " bytes so that records fit Kafka's default 1 MB limit, got " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    public SnapshotChunker() {
        this(DEFAULT_CHUNK_BYTES);
    }

    /** The header of a payload: layout, total size and CRC-32, checked by {@link SnapshotRules}. */
    public static SnapshotHeader header(String snapshotId, LayerStep layerStep, LayerPayload payload) {
        ByteBuffer bytes = payload.bytes();
        CRC32 crc = new CRC32();
        crc.update(bytes.duplicate());
        SnapshotHeader.Builder h = SnapshotHeader.newBuilder().setSnapshotId(snapshotId).setLayerStep(layerStep)
                .setTotalBytes(bytes.remaining()).setCrc32((int) crc.getValue());
        if (payload instanceof LayerPayload.Tensor t) {
            TensorLayout.Builder layout = TensorLayout.newBuilder().setDtype(ProtoTypes.toProto(t.dtype()));
            for (int d : t.shape()) {
                layout.addShape(d);
            }
            h.setTensor(layout);
        } else {
            LayerPayload.Spectrum s = (LayerPayload.Spectrum) payload;
            h.setSpectrum(SpectrumLayout.newBuilder().setN(s.n()).setM(s.m()).setRf(s.rf()));
        }
        return SnapshotRules.check(h.build());
    }

    /** The records of one snapshot, in chunk order; they share (without copying) the payload's bytes. */
    public List<SnapshotRecord> chunk(SnapshotHeader header, LayerPayload payload) {
        ByteBuffer bytes = payload.bytes();
        if (bytes.remaining() != header.getTotalBytes()) {
            throw new IllegalArgumentException("the header says " + header.getTotalBytes() + " bytes but the payload"
                    + " has " + bytes.remaining());
        }
        int total = bytes.remaining();
        int count = (total + chunkBytes - 1) / chunkBytes;
        List<SnapshotRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * chunkBytes;
            ByteBuffer slice = bytes.duplicate().position(from).limit(Math.min(total, from + chunkBytes)).slice();
            records.add(SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder().setHeader(header)
                    .setChunkIndex(i).setChunkCount(count).setOffset(from)
                    .setData(UnsafeByteOperations.unsafeWrap(slice))).build());
        }
        return records;
    }
}
