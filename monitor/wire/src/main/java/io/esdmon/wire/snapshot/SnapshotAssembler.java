package io.esdmon.wire.snapshot;

import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.SnapshotHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Joins the chunks of layer snapshots, with bounded memory: a snapshot larger than
 * {@link Limits#maxSnapshotBytes} is refused at its first chunk, and one that would push the
 * bytes held for incomplete snapshots over {@link Limits#maxBytesInFlight} too; a snapshot not
 * complete within {@link Limits#incompleteTimeout} of its first chunk is given up by
 * {@link #expire}. Not thread-safe: one owner (the ingest verticle) calls it.
 *
 * @param <S> the caller's token for the record a chunk came from (topic, partition, offset); every
 *            outcome hands back the tokens of all records that belonged to the snapshot, so the
 *            caller can commit them once the outcome is dealt with
 */
public final class SnapshotAssembler<S> {

    /**
     * @param maxSnapshotBytes   largest payload accepted
     * @param maxBytesInFlight   bytes held at most for incomplete snapshots together
     * @param incompleteTimeout  time from a snapshot's first chunk to giving up on it
     */
    public record Limits(long maxSnapshotBytes, long maxBytesInFlight, Duration incompleteTimeout) {
        public Limits {
            if (maxSnapshotBytes < 1 || maxSnapshotBytes > MAX_ARRAY_BYTES || maxBytesInFlight < maxSnapshotBytes
                    || incompleteTimeout.isNegative() || incompleteTimeout.isZero()) {
                throw new IllegalArgumentException("need 1 <= maxSnapshotBytes <= min(maxBytesInFlight, 2^31-9)"
                        + " and a positive timeout, got " + maxSnapshotBytes + ", " + maxBytesInFlight + ", "
                        + incompleteTimeout);
            }
        }
    }

    /** What became of a chunk. */
    public sealed interface Outcome<S> {
    }

    /** The snapshot still misses chunks. */
    public record Pending<S>() implements Outcome<S> {
    }

    /** The chunk completed its snapshot. */
    public record Complete<S>(AssembledSnapshot snapshot, List<S> sources) implements Outcome<S> {
    }

    /**
     * The snapshot is refused. {@code header} is the first chunk's header when one was readable.
     * {@code sources} are all records received for it.
     */
    public record Rejected<S>(DeadLetterReason reason, String detail, SnapshotHeader header, List<S> sources)
            implements Outcome<S> {
    }

    /** The largest Java byte array. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    /**
     * A late chunk of a snapshot that was already rejected (its dead letter covers it), given up by
     * {@link #expire}, or already completed (a repeated chunk, e.g. a producer retry): nothing more to
     * report, only its record to mark as handled.
     */
    public record Discarded<S>(String detail, List<S> sources) implements Outcome<S> {
    }

    private static final int REMEMBERED_REJECTIONS = 1024;

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Partial<S>> partials = new LinkedHashMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_REJECTIONS;
        }
    };
    /** Recently completed snapshots, with the first record of each (for {@link #drop}). */
    private final Map<String, S> completed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, S> eldest) {
            return size() > REMEMBERED_REJECTIONS;
        }
    };
    private long bytesInFlight;

    public SnapshotAssembler(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    public SnapshotAssembler(Limits limits) {
        this(limits, System::nanoTime);
    }

    /** Adds one chunk that arrived in the record identified by {@code source}. */
    public Outcome<S> accept(LayerSnapshotChunk chunk, S source) {
        String id = chunk.getHeader().getSnapshotId();
        String earlier = rejected.get(id);
        if (earlier != null) {
            return new Discarded<>("snapshot " + id + " was already rejected: " + earlier, List.of(source));
        }
        if (completed.containsKey(id)) {
            return new Discarded<>("snapshot " + id + " is already complete; a repeated chunk adds nothing",
                    List.of(source));
        }
        Partial<S> partial = partials.get(id);
        try {
            SnapshotRules.checkChunk(chunk);
            if (partial == null) {
                partial = start(chunk);
            } else {
                partial.requireSameSnapshot(chunk);
            }
        } catch (InvalidSnapshotException e) {
            return reject(id, partial, chunk.getHeader(), e.reason(), e.getMessage(), source);
        }
        partial.sources.add(source);
        partial.add(chunk);
        if (!partial.isComplete()) {
            return new Pending<>();
        }
        remove(id);
        String problem = partial.problem();
        if (problem != null) {
            rejected.put(id, problem);
            return new Rejected<>(DeadLetterReason.INVALID_SNAPSHOT, problem, partial.header, partial.sources);
        }
        completed.put(id, partial.sources.get(0));
        return new Complete<>(new AssembledSnapshot(partial.header, partial.buffer), partial.sources);
    }

    /** Gives up on snapshots whose first chunk arrived longer than the timeout ago. */
    public List<Rejected<S>> expire() {
        long now = nanoTime.getAsLong();
        List<Rejected<S>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Partial<S>>> it = partials.entrySet().iterator(); it.hasNext();) {
            Partial<S> p = it.next().getValue();
            if (now - p.firstNanos < limits.incompleteTimeout().toNanos()) {
                break; // insertion order = arrival order of first chunks
            }
            it.remove();
            bytesInFlight -= p.buffer.length;
            String detail = "snapshot " + p.header.getSnapshotId() + " (" + p.header.getLayerStep().getLayer()
                    + ", step " + p.header.getLayerStep().getStep() + "): " + p.received.cardinality() + " of "
                    + p.chunkCount + " chunks arrived within " + limits.incompleteTimeout()
                    + "; the publisher stopped mid-snapshot or chunks were lost";
            rejected.put(p.header.getSnapshotId(), detail);
            out.add(new Rejected<>(DeadLetterReason.INCOMPLETE_SNAPSHOT, detail, p.header, p.sources));
        }
        return out;
    }

    /**
     * Forgets the incomplete snapshots that hold a record matching {@code owned} (for example all
     * records of a partition this instance no longer owns) and returns how many it dropped. Completed
     * snapshots of those records are forgotten too, so that reading them again (the partition comes
     * back) assembles them again.
     */
    public int drop(Predicate<S> owned) {
        completed.values().removeIf(owned);
        int dropped = 0;
        for (Iterator<Partial<S>> it = partials.values().iterator(); it.hasNext();) {
            Partial<S> p = it.next();
            if (p.sources.stream().anyMatch(owned)) {
                it.remove();
                bytesInFlight -= p.buffer.length;
                dropped++;
            }
        }
        return dropped;
    }

    /** Bytes held for incomplete snapshots. */
    public long bytesInFlight() {
        return bytesInFlight;
    }

    /** Number of incomplete snapshots. */
    public int pending() {
        return partials.size();
    }

    private Partial<S> start(LayerSnapshotChunk chunk) {
        SnapshotHeader header = SnapshotRules.check(chunk.getHeader());
        long size = header.getTotalBytes();
        if (size > limits.maxSnapshotBytes()) {
            throw new InvalidSnapshotException(DeadLetterReason.TOO_LARGE, "snapshot " + header.getSnapshotId() + " ("
                    + header.getLayerStep().getLayer() + ") has " + size + " bytes, more than this monitor's"
                    + " maxSnapshotBytes = " + limits.maxSnapshotBytes() + "; raise the limit or publish the spectrum");
        }
        if (bytesInFlight + size > limits.maxBytesInFlight()) {
            throw new InvalidSnapshotException(DeadLetterReason.TOO_LARGE, "snapshot " + header.getSnapshotId() + " ("
                    + header.getLayerStep().getLayer() + ", " + size + " bytes) would raise the bytes held for "
                    + partials.size() + " incomplete snapshots from " + bytesInFlight + " over maxBytesInFlight = "
                    + limits.maxBytesInFlight() + "; raise the limit or publish fewer layers at once");
        }
        Partial<S> p = new Partial<>(header, chunk.getChunkCount(), new byte[(int) size], nanoTime.getAsLong());
        partials.put(header.getSnapshotId(), p);
        bytesInFlight += size;
        return p;
    }

    private Outcome<S> reject(String id, Partial<S> partial, SnapshotHeader header, DeadLetterReason reason,
            String detail, S source) {
        List<S> sources = new ArrayList<>();
        if (partial != null) {
            remove(id);
            sources.addAll(partial.sources);
            header = partial.header;
        }
        sources.add(source);
        if (!id.isEmpty()) {
            rejected.put(id, detail);
        }
        return new Rejected<>(reason, detail, header, sources);
    }

    private void remove(String id) {
        Partial<S> p = partials.remove(id);
        if (p != null) {
            bytesInFlight -= p.buffer.length;
        }
    }

    private static final class Partial<S> {
        final SnapshotHeader header;
        final int chunkCount;
        final byte[] buffer;
        final long firstNanos;
        final BitSet received = new BitSet();
        final List<S> sources = new ArrayList<>();
        long bytesReceived;

        Partial(SnapshotHeader header, int chunkCount, byte[] buffer, long firstNanos) {
            this.header = header;
            this.chunkCount = chunkCount;
            this.buffer = buffer;
            this.firstNanos = firstNanos;
        }

        void requireSameSnapshot(LayerSnapshotChunk c) {
            if (c.getChunkCount() != chunkCount || !c.getHeader().equals(header)) {
                throw new InvalidSnapshotException("chunk " + c.getChunkIndex() + " of snapshot "
                        + header.getSnapshotId() + " disagrees with the snapshot's first chunk (header or"
                        + " chunk_count differ); every chunk must carry the same header");
            }
        }

        /** Copies the chunk's data in; a repeated chunk (a redelivery) adds nothing. */
        void add(LayerSnapshotChunk c) {
            if (received.get(c.getChunkIndex())) {
                return;
            }
            received.set(c.getChunkIndex());
            c.getData().copyTo(buffer, (int) c.getOffset());
            bytesReceived += c.getData().size();
        }

        boolean isComplete() {
            return received.cardinality() == chunkCount;
        }

        /** Why a complete snapshot is unusable, or null. */
        String problem() {
            if (bytesReceived != buffer.length) {
                return "snapshot " + header.getSnapshotId() + ": its " + chunkCount + " chunks hold " + bytesReceived
                        + " bytes but total_bytes is " + buffer.length;
            }
            CRC32 crc = new CRC32();
            crc.update(buffer);
            if ((int) crc.getValue() != header.getCrc32()) {
                return "snapshot " + header.getSnapshotId() + ": CRC-32 of the joined payload is "
                        + Long.toHexString(crc.getValue()) + " but the header says "
                        + Integer.toHexString(header.getCrc32()) + "; chunks were corrupted or overlap";
            }
            return null;
        }
    }
}
