package io.esdmon.wire.snapshot;

import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.SnapshotHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Joins the chunks of layer snapshots with bounded memory. Nothing is reserved for what a header
 * claims: a chunk's data is kept when it arrives, and what is held (chunk data, headers, the
 * caller's records and the bookkeeping) is counted against {@link Limits#maxBytesInFlight}, as is the
 * number of incomplete snapshots, in all and per partition. A chunk that does not fit is not taken
 * but {@link Deferred}: the caller holds it back (back-pressure) and offers it again once room frees,
 * except the chunks of the oldest snapshot held, which may always finish (so the memory held stays
 * under the cap plus one snapshot, and interleaved snapshots cannot wait for each other forever),
 * which happens when a snapshot completes, when {@link #expire} gives one up (not complete within
 * {@link Limits#incompleteTimeout}, or its partition moved {@link Limits#stallTimeout} past its last
 * chunk) or when {@link #evict} makes room. A snapshot larger than {@link Limits#maxSnapshotBytes} is
 * refused at its first chunk. Not thread-safe: one owner calls it.
 *
 * @param <S> the record a chunk came from; every outcome hands back the records that belonged to the
 *            snapshot, so the caller can commit them once the outcome is dealt with
 */
public final class SnapshotAssembler<S extends ChunkSource> {

    /** Incomplete snapshots held at most, in all. */
    public static final int DEFAULT_MAX_INCOMPLETE = 256;
    /** Incomplete snapshots held at most per partition. */
    public static final int DEFAULT_MAX_INCOMPLETE_PER_PARTITION = 32;
    /** A snapshot whose partition moved this far past its last chunk is given up. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param maxSnapshotBytes           largest payload accepted
     * @param maxBytesInFlight           memory held at most for incomplete snapshots together
     * @param incompleteTimeout          time from a snapshot's first chunk to giving up on it
     * @param maxIncomplete              incomplete snapshots held at most
     * @param maxIncompletePerPartition  incomplete snapshots held at most per partition
     * @param stallTimeout               a snapshot is given up when its partition holds a record published this
     *                                   long after its last chunk; and while a chunk waits for room, snapshots
     *                                   without a chunk for this long are given up to make it
     */
    public record Limits(long maxSnapshotBytes, long maxBytesInFlight, Duration incompleteTimeout, int maxIncomplete,
            int maxIncompletePerPartition, Duration stallTimeout) {
        public Limits {
            if (maxSnapshotBytes < 1 || maxSnapshotBytes > MAX_ARRAY_BYTES || maxBytesInFlight < maxSnapshotBytes
                    || !isPositive(incompleteTimeout) || !isPositive(stallTimeout)) {
                throw new IllegalArgumentException("need 1 <= maxSnapshotBytes <= min(maxBytesInFlight, 2^31-9)"
                        + " and positive timeouts, got " + maxSnapshotBytes + ", " + maxBytesInFlight + ", "
                        + incompleteTimeout + ", " + stallTimeout);
            }
            if (maxIncompletePerPartition < 1 || maxIncomplete < maxIncompletePerPartition) {
                throw new IllegalArgumentException("need 1 <= maxIncompletePerPartition <= maxIncomplete, got "
                        + maxIncompletePerPartition + " and " + maxIncomplete);
            }
        }

        /** These sizes and timeout, with the default counts and stall timeout. */
        public Limits(long maxSnapshotBytes, long maxBytesInFlight, Duration incompleteTimeout) {
            this(maxSnapshotBytes, maxBytesInFlight, incompleteTimeout, DEFAULT_MAX_INCOMPLETE,
                    DEFAULT_MAX_INCOMPLETE_PER_PARTITION, DEFAULT_STALL_TIMEOUT);
        }

        /** These sizes with other counts and stall timeout. */
        public Limits withCounts(int total, int perPartition, Duration stall) {
            return new Limits(maxSnapshotBytes, maxBytesInFlight, incompleteTimeout, total, perPartition, stall);
        }

        private static boolean isPositive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
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

    /**
     * A late chunk of a snapshot that was already rejected (its dead letter covers it) or given up, or
     * of one already completed (a repeated chunk, e.g. a producer retry): nothing more to report, only
     * its record to mark as handled.
     */
    public record Discarded<S>(String detail, List<S> sources) implements Outcome<S> {
    }

    /**
     * The chunk was not taken: holding it would exceed a limit ({@code why} says which). Offer it again,
     * before any later record of its partition, once room frees.
     */
    public record Deferred<S>(String why) implements Outcome<S> {
    }

    /** The largest Java byte array. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static final int REMEMBERED = 1024;
    private static final int REMEMBERED_DETAIL_CHARS = 300;

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, PartialSnapshot<S>> partials = new LinkedHashMap<>();
    private final Map<Object, Integer> perPartition = new HashMap<>();
    /** The newest record timestamp taken from each partition. */
    private final Map<Object, Long> newestTimestamp = new HashMap<>();
    /** When the last record was taken from each partition ({@code nanoTime} scale). */
    private final Map<Object, Long> newestNanos = new HashMap<>();
    /** Snapshots with a chunk deferred: not evicted, their chunk is on its way. */
    private final Set<String> awaited = new HashSet<>();
    private final Map<String, String> rejected = bounded();
    /** Recently completed snapshots and their partition (for {@link #drop}). */
    private final Map<String, Object> completed = bounded();
    private long bytesInFlight;

    public SnapshotAssembler(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    public SnapshotAssembler(Limits limits) {
        this(limits, System::nanoTime);
    }

    public Limits limits() {
        return limits;
    }

    /** Adds one chunk that arrived in the record {@code source}. */
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
        PartialSnapshot<S> partial = partials.get(id);
        try {
            SnapshotRules.checkChunk(chunk);
            if (partial == null) {
                checkNew(chunk.getHeader());
            } else {
                partial.requireSameSnapshot(chunk);
            }
        } catch (InvalidSnapshotException e) {
            return reject(id, partial, chunk.getHeader(), e.reason(), e.getMessage(), source);
        }
        Optional<String> full = roomFor(chunk, source, partial);
        if (full.isPresent()) {
            if (partial != null) {
                awaited.add(id);
            }
            return new Deferred<>(full.get());
        }
        awaited.remove(id);
        long now = nanoTime.getAsLong();
        if (partial == null) {
            partial = new PartialSnapshot<>(chunk.getHeader(), chunk.getChunkCount(), now);
            partials.put(id, partial);
            perPartition.merge(source.partition(), 1, Integer::sum);
            bytesInFlight += partial.charge();
        }
        bytesInFlight += partial.add(chunk, source, now);
        newestTimestamp.merge(source.partition(), source.timestamp(), Math::max);
        newestNanos.put(source.partition(), now);
        if (!partial.isComplete()) {
            return new Pending<>();
        }
        remove(id);
        String problem = partial.problem();
        try {
            if (problem == null) {
                byte[] payload = partial.join();
                completed.put(id, partial.partition());
                return new Complete<>(new AssembledSnapshot(partial.header, payload), partial.sources);
            }
        } catch (InvalidSnapshotException e) {
            problem = e.getMessage();
        }
        remember(id, problem);
        return new Rejected<>(DeadLetterReason.INVALID_SNAPSHOT, problem, partial.header, partial.sources);
    }

    /**
     * Gives up on snapshots not complete within the timeout of their first chunk, and on those whose
     * partition took a record published {@link Limits#stallTimeout} after their last chunk (the
     * publisher went on without sending the rest). Both the records' timestamps and the times they
     * were taken must be that far apart: timestamps alone would mislead when a publisher's clock is
     * off, times taken alone when the consumer was paused between the two.
     */
    public List<Rejected<S>> expire() {
        long now = nanoTime.getAsLong();
        List<Rejected<S>> out = new ArrayList<>();
        for (Iterator<PartialSnapshot<S>> it = partials.values().iterator(); it.hasNext();) {
            PartialSnapshot<S> p = it.next();
            String why = null;
            if (now - p.firstNanos >= limits.incompleteTimeout().toNanos()) {
                why = "arrived within " + limits.incompleteTimeout() + "; the publisher stopped mid-snapshot or"
                        + " chunks were lost";
            } else {
                long later = newestTimestamp.getOrDefault(p.partition(), 0L) - p.lastTimestamp();
                long takenLater = newestNanos.getOrDefault(p.partition(), 0L) - p.lastNanos();
                if (later >= limits.stallTimeout().toMillis() && takenLater >= limits.stallTimeout().toNanos()) {
                    why = "arrived before its partition went on to records published " + later / 1000 + " s after"
                            + " its last chunk; the publisher stopped mid-snapshot or chunks were lost";
                }
            }
            if (why != null) {
                it.remove();
                out.add(giveUp(p, DeadLetterReason.INCOMPLETE_SNAPSHOT, p.describe() + ": " + p.received() + " of "
                        + p.chunkCount + " chunks " + why));
            }
        }
        return out;
    }

    /**
     * Makes room for deferred chunks by giving up one incomplete snapshot, the one without a chunk for
     * longest, if either it had none for {@link Limits#stallTimeout} or every incomplete snapshot is in
     * a {@code blocked} partition (their chunks cannot come: waiting would never end). Snapshots whose
     * own chunk was deferred are kept. Returns the snapshot given up, if any.
     */
    public List<Rejected<S>> evict(Predicate<Object> blocked) {
        long now = nanoTime.getAsLong();
        boolean stuck = partials.values().stream().allMatch(p -> blocked.test(p.partition()));
        Optional<PartialSnapshot<S>> stalest = partials.values().stream()
                .filter(p -> !awaited.contains(p.header.getSnapshotId()))
                .filter(p -> stuck || now - p.lastNanos() >= limits.stallTimeout().toNanos())
                .min(Comparator.comparingLong(PartialSnapshot::lastNanos));
        if (stalest.isEmpty()) {
            return List.of();
        }
        PartialSnapshot<S> p = stalest.get();
        partials.remove(p.header.getSnapshotId());
        long silentSeconds = (now - p.lastNanos()) / 1_000_000_000L;
        String detail = p.describe() + ": " + p.received() + " of " + p.chunkCount + " chunks, given up to make room"
                + " for other snapshots (" + partials.size() + " more incomplete, " + bytesInFlight + " bytes held of"
                + " maxBytesInFlight = " + limits.maxBytesInFlight() + "); its last chunk came " + silentSeconds
                + " s before. " + (stuck ? "The chunks it lacked could not come before room was made: publish fewer"
                        + " layers at once or raise the monitor's --max-in-flight-mib / --max-incomplete"
                        : "Its chunks stopped arriving");
        return List.of(giveUp(p, DeadLetterReason.INCOMPLETE_SNAPSHOT, detail));
    }

    /**
     * Forgets the incomplete snapshots of partitions matching {@code owned} (for example those this
     * instance no longer owns) and returns how many it dropped. Completed snapshots of those partitions
     * are forgotten too, so that reading their records again (the partition comes back) assembles them again.
     */
    public int drop(Predicate<Object> owned) {
        completed.values().removeIf(owned);
        newestTimestamp.keySet().removeIf(owned);
        newestNanos.keySet().removeIf(owned);
        int dropped = 0;
        for (Iterator<PartialSnapshot<S>> it = partials.values().iterator(); it.hasNext();) {
            PartialSnapshot<S> p = it.next();
            if (owned.test(p.partition())) {
                it.remove();
                released(p);
                dropped++;
            }
        }
        return dropped;
    }

    /** Memory held for incomplete snapshots: chunk data, headers, records and bookkeeping. */
    public long bytesInFlight() {
        return bytesInFlight;
    }

    /** Number of incomplete snapshots. */
    public int pending() {
        return partials.size();
    }

    /** Refuses a snapshot that could never be taken; nothing is allocated for its claims. */
    private void checkNew(SnapshotHeader header) {
        SnapshotRules.check(header);
        long size = header.getTotalBytes();
        if (size > limits.maxSnapshotBytes()) {
            throw new InvalidSnapshotException(DeadLetterReason.TOO_LARGE, "snapshot " + header.getSnapshotId() + " ("
                    + header.getLayerStep().getLayer() + ") has " + size + " bytes, more than this monitor's"
                    + " maxSnapshotBytes = " + limits.maxSnapshotBytes() + "; raise the limit or publish the spectrum");
        }
    }

    /** Why the chunk cannot be held now, or empty. */
    private Optional<String> roomFor(LayerSnapshotChunk chunk, S source, PartialSnapshot<S> partial) {
        boolean completes = partial == null ? chunk.getChunkCount() == 1 : partial.completedBy(chunk);
        boolean oldest = partial != null && partials.values().iterator().next() == partial;
        if (completes || partials.isEmpty() || oldest) {
            return Optional.empty(); // done at once, or the oldest held: it may always finish, so room frees
        }
        if (partial == null && partials.size() >= limits.maxIncomplete()) {
            return Optional.of(partials.size() + " incomplete snapshots held, the most allowed (maxIncomplete)");
        }
        int inPartition = perPartition.getOrDefault(source.partition(), 0);
        if (partial == null && inPartition >= limits.maxIncompletePerPartition()) {
            return Optional.of(inPartition + " incomplete snapshots held from partition " + source.partition()
                    + ", the most allowed (maxIncompletePerPartition)");
        }
        long cost = PartialSnapshot.chunkCharge(chunk, source)
                + (partial == null ? PartialSnapshot.headerCharge(chunk.getHeader()) : 0);
        if (bytesInFlight + cost > limits.maxBytesInFlight()) {
            return Optional.of(bytesInFlight + " bytes held for " + partials.size() + " incomplete snapshots; "
                    + cost + " more would exceed maxBytesInFlight = " + limits.maxBytesInFlight());
        }
        return Optional.empty();
    }

    private Outcome<S> reject(String id, PartialSnapshot<S> partial, SnapshotHeader header, DeadLetterReason reason,
            String detail, S source) {
        List<S> sources = new ArrayList<>();
        if (partial != null) {
            remove(id);
            sources.addAll(partial.sources);
            header = partial.header;
        }
        sources.add(source);
        remember(id, detail);
        return new Rejected<>(reason, detail, header, sources);
    }

    private Rejected<S> giveUp(PartialSnapshot<S> p, DeadLetterReason reason, String detail) {
        released(p);
        remember(p.header.getSnapshotId(), detail);
        return new Rejected<>(reason, detail, p.header, p.sources);
    }

    /** Remembers a rejected id, so its late chunks are discarded; ids too long to be valid are not kept. */
    private void remember(String id, String detail) {
        if (!id.isEmpty() && id.length() <= SnapshotRules.MAX_SHORT_TEXT_BYTES) {
            rejected.put(id, detail.length() <= REMEMBERED_DETAIL_CHARS ? detail
                    : detail.substring(0, REMEMBERED_DETAIL_CHARS) + "...");
        }
    }

    private void remove(String id) {
        PartialSnapshot<S> p = partials.remove(id);
        if (p != null) {
            released(p);
        }
    }

    private void released(PartialSnapshot<S> p) {
        bytesInFlight -= p.charge();
        awaited.remove(p.header.getSnapshotId());
        perPartition.computeIfPresent(p.partition(), (k, n) -> n == 1 ? null : n - 1);
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
