package io.esdmon.wire.snapshot;

import com.google.protobuf.ByteString;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.SnapshotHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The chunks of one snapshot received so far, kept as they came (nothing is allocated for chunks
 * that have not arrived), and what they cost in memory: their data, the header and the bookkeeping.
 * Joined into one payload only when the last chunk arrives.
 */
final class PartialSnapshot<S extends ChunkSource> {

    /** The objects, references and collections of one incomplete snapshot besides its header and chunks. */
    static final long BOOKKEEPING_BYTES = 512;
    /** One stored chunk besides its data: a map entry, its offset and the ByteString around the data. */
    static final long PER_CHUNK_BYTES = 96;

    private record Piece(long offset, ByteString data) {
    }

    final SnapshotHeader header;
    final int chunkCount;
    final long firstNanos;
    final List<S> sources = new ArrayList<>();
    private final TreeMap<Integer, Piece> pieces = new TreeMap<>();
    private long bytesReceived;
    private long charge;
    private long lastNanos;
    private long lastTimestamp;

    PartialSnapshot(SnapshotHeader header, int chunkCount, long nanos) {
        this.header = header;
        this.chunkCount = chunkCount;
        this.firstNanos = nanos;
        this.lastNanos = nanos;
        this.charge = headerCharge(header);
    }

    /**
     * What a header costs held in memory: its strings are kept as Java strings, about twice their
     * encoded size, plus the bookkeeping of the snapshot.
     */
    static long headerCharge(SnapshotHeader h) {
        return 2L * h.getSerializedSize() + BOOKKEEPING_BYTES;
    }

    /** What keeping {@code c} and its record costs. */
    static long chunkCharge(LayerSnapshotChunk c, ChunkSource source) {
        return c.getData().size() + PER_CHUNK_BYTES + source.retainedBytes();
    }

    void requireSameSnapshot(LayerSnapshotChunk c) {
        if (c.getChunkCount() != chunkCount || !c.getHeader().equals(header)) {
            throw new InvalidSnapshotException("chunk " + c.getChunkIndex() + " of snapshot "
                    + header.getSnapshotId() + " disagrees with the snapshot's first chunk (header or"
                    + " chunk_count differ); every chunk must carry the same header");
        }
    }

    /** Whether {@code c} would be the last chunk missing. */
    boolean completedBy(LayerSnapshotChunk c) {
        return pieces.size() == chunkCount - 1 && !pieces.containsKey(c.getChunkIndex());
    }

    /**
     * Keeps the chunk's data (a repeated chunk, a redelivery, adds only its record) and returns the
     * memory that added.
     */
    long add(LayerSnapshotChunk c, S source, long nanos) {
        sources.add(source);
        long added = source.retainedBytes();
        if (!pieces.containsKey(c.getChunkIndex())) {
            pieces.put(c.getChunkIndex(), new Piece(c.getOffset(), c.getData()));
            bytesReceived += c.getData().size();
            added = chunkCharge(c, source);
        }
        lastNanos = nanos;
        lastTimestamp = Math.max(lastTimestamp, source.timestamp());
        charge += added;
        return added;
    }

    boolean isComplete() {
        return pieces.size() == chunkCount;
    }

    int received() {
        return pieces.size();
    }

    long charge() {
        return charge;
    }

    /** Wall-clock time ({@code System.nanoTime} scale) of the last chunk. */
    long lastNanos() {
        return lastNanos;
    }

    /** The newest timestamp of the records received. */
    long lastTimestamp() {
        return lastTimestamp;
    }

    Object partition() {
        return sources.get(0).partition();
    }

    String describe() {
        return "snapshot " + header.getSnapshotId() + " (" + header.getLayerStep().getLayer() + ", step "
                + header.getLayerStep().getStep() + ")";
    }

    /** Why the complete snapshot is unusable, or null. */
    String problem() {
        if (bytesReceived != header.getTotalBytes()) {
            return "snapshot " + header.getSnapshotId() + ": its " + chunkCount + " chunks hold " + bytesReceived
                    + " bytes but total_bytes is " + header.getTotalBytes();
        }
        return null;
    }

    /**
     * The payload, joined; a CRC mismatch (corrupted or overlapping chunks) is an {@link InvalidSnapshotException}.
     * Call only when complete and {@link #problem()} is null.
     */
    byte[] join() {
        byte[] payload = new byte[(int) header.getTotalBytes()];
        for (Piece p : pieces.values()) {
            p.data().copyTo(payload, (int) p.offset());
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        if ((int) crc.getValue() != header.getCrc32()) {
            throw new InvalidSnapshotException("snapshot " + header.getSnapshotId() + ": CRC-32 of the joined payload"
                    + " is " + Long.toHexString(crc.getValue()) + " but the header says "
                    + Integer.toHexString(header.getCrc32()) + "; chunks were corrupted or overlap");
        }
        return payload;
    }
}
