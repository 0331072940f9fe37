package io.esdmon.replay;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.Untrusted;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.ConsumedChunk;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one run's layer snapshots from esd.snapshots within {@link PartitionWindow}s and reassembles
 * them with the monitor's {@link SnapshotAssembler}, handing each complete snapshot on in the order of
 * its partition, which is the order the monitor consumed it in: a layer's snapshots reach the trackers
 * in the same sequence as live.
 *
 * <p>Every partition is read (a run's layers are spread over all of them), assigned without a consumer
 * group. A snapshot is in the range when its first chunk is: one whose first chunk lies before --from is
 * left out, one begun before --to is completed from the chunks after it. Records of other runs are only
 * counted; manifests are not needed (the snapshots carry everything).
 */
final class RunSnapshots {

    /** Takes each complete snapshot of the run. */
    interface Sink {
        void accept(AssembledSnapshot snapshot) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunSnapshots.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int OTHER_RUNS_LISTED = 10;

    private final Consumer<byte[], byte[]> consumer;
    private final String run;
    private final byte[] runPrefix;
    private final Map<TopicPartition, PartitionWindow> windows = new LinkedHashMap<>();
    private final SnapshotAssembler<ConsumedChunk> assembler;
    private final Duration stallTimeout;
    /** Snapshots of each partition whose first chunk was read in the range and that are not complete yet. */
    private final Map<TopicPartition, Set<String>> begun = new HashMap<>();
    private final Set<String> cut = new HashSet<>();
    private final Set<String> otherRuns = new TreeSet<>();
    private volatile long recordsRead;
    private long chunksOfRun;
    private long rejected;

    RunSnapshots(Consumer<byte[], byte[]> consumer, String run, List<PartitionWindow> windows,
            SnapshotAssembler.Limits limits, Duration stallTimeout) {
        this.consumer = consumer;
        this.run = RecordKeys.requireRunId(run);
        this.runPrefix = (run + "/").getBytes(StandardCharsets.UTF_8);
        windows.forEach(w -> this.windows.put(w.partition(), w));
        this.assembler = new SnapshotAssembler<>(limits);
        this.stallTimeout = stallTimeout;
    }

    /**
     * Reads the windows to their ends, handing complete snapshots of the run to {@code sink}; calls
     * {@code afterPoll} after every poll.
     */
    void read(Sink sink, Runnable afterPoll) throws InterruptedException {
        Set<TopicPartition> open = new HashSet<>();
        windows.values().forEach(w -> {
            if (w.inRange() > 0) {
                open.add(w.partition());
                begun.put(w.partition(), new HashSet<>());
            }
        });
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, windows.get(tp).start()));
        long progressAt = System.nanoTime();
        while (!open.isEmpty()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("the replay was cancelled");
            }
            var batch = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                PartitionWindow w = windows.get(tp);
                if (open.contains(tp) && r.offset() < w.end()) {
                    accept(r, tp, r.offset() < w.stop(), sink);
                }
            }
            Set<TopicPartition> finished = new HashSet<>();
            for (TopicPartition tp : open) {
                long at = consumer.position(tp);
                PartitionWindow w = windows.get(tp);
                if (at >= w.end() || at >= w.stop() && begun.get(tp).isEmpty()) {
                    finished.add(tp);
                }
            }
            if (!finished.isEmpty()) {
                consumer.pause(finished);
                open.removeAll(finished);
            }
            long now = System.nanoTime();
            if (!batch.isEmpty() || !finished.isEmpty()) {
                progressAt = now;
            } else if (now - progressAt > stallTimeout.toNanos()) {
                throw new ReplayException("reading " + windows.keySet().iterator().next().topic() + " stalled for "
                        + stallTimeout + " short of the end of partitions " + open + "; is the broker reachable?");
            }
            afterPoll.run();
        }
        begun.forEach((tp, ids) -> ids.forEach(id -> LOG.warn("snapshot {} of run {} in {} has chunks missing up to"
                + " the end offset found at the start; left out", id, run, tp)));
    }

    private void accept(ConsumerRecord<byte[], byte[]> r, TopicPartition tp, boolean inRange, Sink sink)
            throws InterruptedException {
        if (inRange) {
            recordsRead++;
        }
        byte[] key = r.key();
        if (key == null || !startsWith(key, runPrefix)) {
            String other = key == null ? run : runOf(key);
            if (inRange && !other.equals(run) && otherRuns.size() < OTHER_RUNS_LISTED) {
                otherRuns.add(other); // (the run's own manifests are keyed by the run alone)
            }
            return;
        }
        LayerSnapshotChunk chunk;
        try {
            SnapshotRecord parsed = SnapshotRecord.parseFrom(r.value() == null ? new byte[0] : r.value());
            if (!parsed.hasChunk()) {
                return;
            }
            chunk = parsed.getChunk();
        } catch (InvalidProtocolBufferException e) {
            rejected++;
            LOG.warn("{}@{} is not a SnapshotRecord ({}); left out", tp, r.offset(), e.getMessage());
            return;
        }
        String expected = chunk.getHeader().getLayerStep().getRunId() + "/" + chunk.getHeader().getLayerStep()
                .getLayer();
        if (!Arrays.equals(key, expected.getBytes(StandardCharsets.UTF_8))) {
            rejected++;
            LOG.warn("{}@{}: key {} is not the chunk's {}; left out, as the monitor dead-lettered it", tp,
                    r.offset(), Untrusted.quote(key, 80), Untrusted.quote(expected, 80));
            return;
        }
        if (inRange) {
            chunksOfRun++;
        }
        String id = chunk.getHeader().getSnapshotId();
        Set<String> started = begun.get(tp);
        if (!started.contains(id) && (!inRange || chunk.getChunkIndex() != 0)) {
            if (inRange) {
                cut.add(id); // its first chunk is before --from (or gone with retention)
            }
            return;
        }
        var outcome = assembler.accept(chunk, new ConsumedChunk(tp, r.offset(), r.timestamp()));
        while (outcome instanceof SnapshotAssembler.Deferred<ConsumedChunk> deferred) {
            // a replay reads straight through and cannot hold records back: make room instead
            List<SnapshotAssembler.Rejected<ConsumedChunk>> evicted = assembler.evict(partition -> true);
            if (evicted.isEmpty()) {
                throw new ReplayException("snapshot " + id + " of run " + run + " does not fit the replay's"
                        + " reassembly bounds: " + deferred.why());
            }
            evicted.forEach(e -> leftOut(e, begun.get((TopicPartition) e.sources().get(0).partition())));
            outcome = assembler.accept(chunk, new ConsumedChunk(tp, r.offset(), r.timestamp()));
        }
        if (outcome instanceof SnapshotAssembler.Pending<ConsumedChunk>) {
            started.add(id);
        } else if (outcome instanceof SnapshotAssembler.Complete<ConsumedChunk> c) {
            started.remove(id);
            sink.accept(c.snapshot());
        } else if (outcome instanceof SnapshotAssembler.Rejected<ConsumedChunk> rej) {
            leftOut(rej, started);
        }
    }

    private void leftOut(SnapshotAssembler.Rejected<ConsumedChunk> rej, Set<String> started) {
        String id = rej.header().getSnapshotId();
        started.remove(id);
        rejected++;
        LOG.warn("snapshot {} of run {} left out ({}): {}", Untrusted.quote(id), run, rej.reason(), rej.detail());
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length > prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String runOf(byte[] key) {
        String k = new String(key, StandardCharsets.UTF_8);
        int slash = k.indexOf('/');
        return slash < 0 ? k : k.substring(0, slash);
    }

    /** Records of the range read so far (any run); safe to read from another thread. */
    long recordsRead() {
        return recordsRead;
    }

    /** Chunks of the run read in the range (0: the run is not in it). */
    long chunksOfRun() {
        return chunksOfRun;
    }

    /** Snapshots left out because they were invalid (as the monitor would have dead-lettered them). */
    long rejected() {
        return rejected;
    }

    /** Snapshots left out because chunks were outside the range or missing. */
    long incomplete() {
        return cut.size() + begun.values().stream().mapToLong(Set::size).sum();
    }

    /** Some other runs whose records are in the range, for the message about an unknown run. */
    Set<String> otherRuns() {
        return otherRuns;
    }
}
