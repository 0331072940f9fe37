package io.esdmon.pipeline.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.SnapshotPartitions;
import io.esdmon.pipeline.engine.AnalysisJob;
import io.esdmon.pipeline.engine.AnalysisOutcome;
import io.esdmon.pipeline.output.DeadLetterRecord;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.pipeline.output.OutputVerticle;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.wire.KafkaLoginFailure;
import io.esdmon.wire.Untrusted;
import io.esdmon.wire.snapshot.InvalidSnapshotException;
import io.esdmon.wire.snapshot.ManifestRules;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.snapshot.SnapshotRules;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the snapshot topic in the monitor's consumer group, reassembles chunks, hands complete
 * snapshots to the engine pool and their analyses to the analysis sink, and dead-letters what it
 * cannot use. Offsets are committed only up to the first record whose outputs are not yet
 * acknowledged (at-least-once). When more than {@link MonitorConfig#maxPending()} snapshots wait
 * for the engine or the outputs, every assigned partition is paused (polling goes on, so the
 * consumer keeps its group membership) until half of them are through.
 *
 * <p>Each layer's analyses reach the sink one at a time, in the order the layer's snapshots were
 * consumed, although the engine pool finishes them in any order; each sink request carries the
 * snapshot partition ({@link Addresses#PARTITION_HEADER}). Outputs of a partition that moved away
 * while they were computed are not written: its new owner computes them again. With a phase stage,
 * newly assigned partitions stay paused until the stage has rebuilt their layers' phase state
 * ({@link Addresses#partitionsAssigned()}).
 *
 * <p>A chunk the reassembly has no room for (memory or incomplete-snapshot limits) is held back with
 * every later record of its partition, and that partition is paused, until room frees; then they are
 * processed in order. Records are checked at the door: a key longer than any valid one or a manifest
 * that breaks the rules is dead-lettered. A dead letter Kafka refuses as too large is written again
 * shortened; if that is refused too it is counted as lost ({@link IngestStats#deadLettersLost()}) and
 * the partition goes on.
 */
public final class IngestVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    private static final long MAX_RETRY_DELAY_MS = 30_000;
    private static final Duration ROOM_NOTE_INTERVAL = Duration.ofMinutes(1);

    private final MonitorConfig config;
    private final Addresses addresses;
    private final String analysisSink;
    private final IngestStats stats;
    private final boolean phaseStage;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final KeyOrder layerOrder = new KeyOrder();
    private final PartitionGate<TopicPartition, KafkaConsumerRecord<byte[], byte[]>> gate = new PartitionGate<>();
    /** Partitions whose next chunk waits for room in the reassembly, with their records from it on. */
    private final PartitionGate<TopicPartition, KafkaConsumerRecord<byte[], byte[]>> roomGate = new PartitionGate<>();
    private KafkaConsumer<byte[], byte[]> consumer;
    private SnapshotAssembler<SourceRecord> assembler;
    private long timer;
    private int pending;
    private boolean paused;
    private boolean stopping;
    private boolean consumerClosed;
    /** Room was freed in the reassembly since the waiting records were last offered. */
    private boolean roomFreed;
    private boolean reliefScheduled;
    private long lastRoomNote;

    /**
     * @param analysisSink  event bus address that takes each LayerAnalysis and replies once it and
     *                      everything derived from it are acknowledged ({@link Addresses#writeAnalysis()}
     *                      without a classifier)
     * @param phaseStage    whether a phase stage serves {@link Addresses#partitionsAssigned()} and
     *                      {@link Addresses#partitionsRevoked()}; assigned partitions then wait for its reply
     */
    public IngestVerticle(MonitorConfig config, Addresses addresses, String analysisSink, IngestStats stats,
            boolean phaseStage) {
        this.config = config;
        this.addresses = addresses;
        this.analysisSink = analysisSink;
        this.stats = stats;
        this.phaseStage = phaseStage;
    }

    /** The consumer settings: the configured client properties, with esdmon's fixed choices on top. */
    static Map<String, String> consumerConfig(MonitorConfig config) {
        Map<String, String> c = new TreeMap<>();
        c.put("auto.offset.reset", "earliest");
        // a poll brings at most 64 chunks (~48 MiB), so a pause takes effect soon
        c.put("max.poll.records", "64");
        c.put("client.id", "esdmon-monitor-ingest");
        // a rebalance moves only the partitions that change owner (the default range assignor revokes all),
        // so only those have their phase state rebuilt
        c.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        c.putAll(config.kafkaStrings());
        c.put("group.id", config.groupId());
        c.put("enable.auto.commit", "false");
        return c;
    }

    @Override
    public Future<?> start() {
        assembler = new SnapshotAssembler<>(config.reassembly());
        consumer = KafkaConsumer.create(vertx, consumerConfig(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        // pause and resume run on the consumer's thread after the poll in progress: a short poll keeps
        // a resume from waiting up to a whole poll timeout (1 s by default) while the engine idles
        consumer.pollTimeout(Duration.ofMillis(50));
        consumer.exceptionHandler(this::onConsumerError);
        consumer.partitionsAssignedHandler(this::onAssigned);
        consumer.partitionsRevokedHandler(this::onRevoked);
        consumer.handler(this::onRecord);
        timer = vertx.setPeriodic(config.commitInterval().toMillis(), t -> {
            expireIncomplete();
            relieve();
            commit();
        });
        return consumer.subscribe(config.topics().snapshots()).onSuccess(v -> stats.subscribed.set(true));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        stats.subscribed.set(false);
        vertx.cancelTimer(timer);
        return commit().eventually(() -> {
            consumerClosed = true;
            return consumer.close();
        });
    }

    // Every call on the consumer goes through these three: once close() has begun, the Vert.x Kafka client
    // runs any further call on a new thread of its own, which races the close (a ConcurrentModificationException
    // from the consumer); revocations that close() itself triggers would do exactly that.

    private void pause(Set<TopicPartition> partitions) {
        if (!consumerClosed) {
            consumer.pause(partitions);
        }
    }

    private void resume(Set<TopicPartition> partitions) {
        if (!consumerClosed) {
            consumer.resume(partitions);
        }
    }

    private Future<Void> commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return consumerClosed ? Future.failedFuture("the consumer is closed") : consumer.commit(offsets).mapEmpty();
    }

    /** A refused login is reported once and shown by health checks until partitions or records come. */
    private void onConsumerError(Throwable e) {
        var login = KafkaLoginFailure.describe(e, config.kafka());
        if (login.isEmpty()) {
            LOG.warn("snapshot consumer: {}", e.toString());
        } else if (stats.loginFailure.getAndSet(login.get()) == null) {
            LOG.error("snapshot consumer: {}", login.get());
        }
    }

    private void onRecord(KafkaConsumerRecord<byte[], byte[]> rec) {
        stats.loginFailure.set(null);
        TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
        if (gate.hold(tp, rec) || roomGate.hold(tp, rec)) {
            return;
        }
        process(rec);
    }

    private void process(KafkaConsumerRecord<byte[], byte[]> rec) {
        SourceRecord source = SourceRecord.of(rec.topic(), rec.partition(), rec.offset(), rec.key(), rec.timestamp(),
                rec.value());
        if (progress.computeIfAbsent(source.partition(), tp -> new PartitionProgress()).begin(rec.offset())) {
            stats.records.incrementAndGet();
        }
        if (source.keyTooLong()) {
            rejectRecord(DeadLetterReason.INVALID_SNAPSHOT, source, rec.value(), "record key of " + source.keySize()
                    + " bytes (it starts " + Untrusted.quote(source.key(), 40) + ") is longer than any valid key, at"
                    + " most " + SnapshotRules.MAX_KEY_BYTES + " bytes: '<run_id>/<layer>' for chunks, the run id for"
                    + " manifests");
            return;
        }
        SnapshotRecord parsed;
        try {
            parsed = SnapshotRecord.parseFrom(rec.value() == null ? new byte[0] : rec.value());
        } catch (InvalidProtocolBufferException e) {
            rejectRecord(DeadLetterReason.UNPARSEABLE, source, rec.value(), "not a SnapshotRecord (" + e.getMessage()
                    + "); publish with esdmon's publisher or the esdmon.v1 schema");
            return;
        }
        try {
            switch (parsed.getRecordCase()) {
                case MANIFEST -> onManifest(parsed.getManifest(), source, rec.value());
                case CHUNK -> onChunk(parsed.getChunk(), source, rec);
                default -> rejectRecord(DeadLetterReason.UNPARSEABLE, source, rec.value(),
                        "a SnapshotRecord with neither a chunk nor a manifest");
            }
        } catch (RuntimeException e) {
            // a record the rules let through but the code cannot handle must not hold the partition's commits back
            LOG.error("unexpected failure on {}", source, e);
            deadLetter(DeadLetters.of(DeadLetterReason.INVALID_SNAPSHOT, "the monitor failed on this record ("
                    + e + "); it was set aside so that the partition goes on; please report it with this dead letter",
                    null, List.of(source), rec.value(), "ingest", Instant.now()), List.of(source));
        }
    }

    private void onManifest(SnapshotManifest manifest, SourceRecord source, byte[] value) {
        try {
            ManifestRules.check(manifest);
            if (!Arrays.equals(source.key(), manifest.getRunId().getBytes(StandardCharsets.UTF_8))) {
                throw new InvalidSnapshotException("manifest of run " + manifest.getRunId() + " is keyed "
                        + Untrusted.quote(source.key(), 80) + "; key manifests by their run id");
            }
        } catch (InvalidSnapshotException e) {
            rejectRecord(e.reason(), source, value, e.getMessage());
            return;
        }
        vertx.eventBus().publish(addresses.manifests(), manifest);
        done(List.of(source));
    }

    private void onChunk(LayerSnapshotChunk chunk, SourceRecord source, KafkaConsumerRecord<byte[], byte[]> rec) {
        String expected = chunk.getHeader().getLayerStep().getRunId() + "/" + chunk.getHeader().getLayerStep().getLayer();
        if (!Arrays.equals(source.key(), expected.getBytes(StandardCharsets.UTF_8))) {
            deadLetter(DeadLetters.of(DeadLetterReason.INVALID_SNAPSHOT, "record key " + Untrusted.quote(source.key(),
                    80) + " is not " + Untrusted.quote(expected, 80) + "; key chunks run/layer so that a layer's"
                    + " records share a partition", chunk.getHeader(), List.of(source), rec.value(), "ingest",
                    Instant.now()), List.of(source));
            return;
        }
        var outcome = assembler.accept(chunk, source);
        if (outcome instanceof SnapshotAssembler.Deferred<SourceRecord> d) {
            waitForRoom(source.partition(), rec, d.why());
            return;
        }
        reassemblyProgress();
        if (outcome instanceof SnapshotAssembler.Complete<SourceRecord> c) {
            roomFreed();
            stats.snapshots.incrementAndGet();
            analyze(c);
        } else if (outcome instanceof SnapshotAssembler.Rejected<SourceRecord> r) {
            roomFreed();
            rejectSnapshot(r);
        } else if (outcome instanceof SnapshotAssembler.Discarded<SourceRecord> d) {
            LOG.debug("{}", d.detail());
            done(d.sources());
        }
    }

    /** Holds the record, and the records after it in its partition, until the reassembly has room. */
    private void waitForRoom(TopicPartition tp, KafkaConsumerRecord<byte[], byte[]> rec, String why) {
        if (!roomGate.isClosed(tp)) {
            roomGate.close(Set.of(tp));
            pause(Set.of(tp));
            long waits = stats.roomWaits.incrementAndGet();
            long now = System.nanoTime();
            // hostile input can make every record wait: one line a minute says so, /health counts them all
            if (waits == 1 || now - lastRoomNote >= ROOM_NOTE_INTERVAL.toNanos()) {
                lastRoomNote = now;
                LOG.info("{}-{}@{} waits for room in the reassembly ({}); its partition pauses until room frees"
                        + " ({} such waits so far)", tp.getTopic(), tp.getPartition(), rec.offset(), why, waits);
            }
        }
        roomGate.hold(tp, rec);
        stats.waitingForRoom.set(roomGate.heldRecords());
        scheduleRelief();
    }

    private void roomFreed() {
        roomFreed = true;
        scheduleRelief();
    }

    private void scheduleRelief() {
        if (roomGate.anyClosed() && !reliefScheduled) {
            reliefScheduled = true;
            vertx.runOnContext(v -> {
                reliefScheduled = false;
                relieve();
            });
        }
    }

    /**
     * Offers the waiting records again once room was freed; first makes room by giving up a snapshot
     * if the reassembly allows it (one stalled, or all stuck behind waiting records). Not while the
     * consumer is paused for pending work: then nothing can progress anyway until that drains.
     */
    private void relieve() {
        if (!roomGate.anyClosed() || stopping) {
            return;
        }
        if (!paused) {
            for (SnapshotAssembler.Rejected<SourceRecord> r : assembler.evict(tp -> roomGate.isClosed(
                    (TopicPartition) tp))) {
                roomFreed = true;
                rejectSnapshot(r);
            }
        }
        if (!roomFreed) {
            return;
        }
        roomFreed = false;
        Map<TopicPartition, List<KafkaConsumerRecord<byte[], byte[]>>> waiting = roomGate.openAll();
        waiting.forEach((tp, records) -> records.forEach(rec -> {
            if (!roomGate.hold(tp, rec)) {
                process(rec);
            }
        }));
        stats.waitingForRoom.set(roomGate.heldRecords());
        if (!paused) {
            resume(waiting.keySet().stream().filter(this::flows).collect(Collectors.toSet()));
        }
        reassemblyProgress();
    }

    /** Whether a partition may be consumed as far as its own gates go. */
    private boolean flows(TopicPartition tp) {
        return assigned.contains(tp) && !gate.isClosed(tp) && !roomGate.isClosed(tp);
    }

    private void analyze(SnapshotAssembler.Complete<SourceRecord> complete) {
        SnapshotHeader header = complete.snapshot().header();
        List<SourceRecord> sources = complete.sources();
        TopicPartition partition = sources.get(0).partition();
        PartitionProgress owner = progress.get(partition);
        setPending(pending + 1);
        Future<AnalysisOutcome> outcome = vertx.eventBus().<AnalysisOutcome>request(addresses.analyze(),
                        new AnalysisJob(complete.snapshot()),
                        new DeliveryOptions().setSendTimeout(config.analysisTimeout().toMillis()))
                .map(reply -> reply.body())
                .recover(e -> Future.succeededFuture(new AnalysisOutcome.Failed(DeadLetterReason.ANALYSIS_FAILED,
                        "snapshot " + header.getSnapshotId() + " (" + header.getLayerStep().getLayer()
                                + "): no analysis within " + config.analysisTimeout() + ": " + e.getMessage(),
                        "engine")));
        String layerKey = header.getLayerStep().getRunId() + "/" + header.getLayerStep().getLayer();
        layerOrder.then(layerKey, outcome, o -> {
            if (owner == null || progress.get(partition) != owner) {
                LOG.debug("{} moved away while {} was analyzed; its new owner redoes it", partition,
                        header.getSnapshotId());
                return Future.succeededFuture(false);
            }
            return write(o, header, sources).map(true);
        })
                // only written outputs release their records: a write abandoned at shutdown is redone
                .onSuccess(written -> {
                    if (written) {
                        done(sources);
                    }
                })
                .onComplete(v -> setPending(pending - 1));
    }

    private Future<Void> write(AnalysisOutcome outcome, SnapshotHeader header, List<SourceRecord> sources) {
        if (outcome instanceof AnalysisOutcome.Analyzed a) {
            DeliveryOptions partition = new DeliveryOptions().addHeader(Addresses.PARTITION_HEADER,
                    Integer.toString(sources.get(0).partition().getPartition()));
            return writeWithRetry(analysisSink, a.analysis(), partition)
                    .onSuccess(v -> stats.analysesWritten.incrementAndGet());
        }
        AnalysisOutcome.Failed f = (AnalysisOutcome.Failed) outcome;
        return writeDeadLetter(DeadLetters.of(f.reason(), f.detail(), header, sources, null, f.stage(),
                Instant.now()));
    }

    private void rejectRecord(DeadLetterReason reason, SourceRecord source, byte[] value, String detail) {
        deadLetter(DeadLetters.of(reason, detail, null, List.of(source), value, "ingest", Instant.now()),
                List.of(source));
    }

    private void rejectSnapshot(SnapshotAssembler.Rejected<SourceRecord> r) {
        deadLetter(DeadLetters.of(r.reason(), r.detail(), r.header(), r.sources(), null, "reassembly",
                Instant.now()), r.sources());
    }

    private void deadLetter(DeadLetterRecord record, List<SourceRecord> sources) {
        writeDeadLetter(record).onSuccess(v -> done(sources));
    }

    /**
     * Writes a dead letter; one Kafka refuses as too large is written again shortened, and one refused
     * even so is counted as lost so that its records are done and the partition goes on.
     */
    private Future<Void> writeDeadLetter(DeadLetterRecord record) {
        LOG.warn("dead letter ({}): {}", record.letter().getReason(), record.letter().getDetail());
        return sendDeadLetter(record).recover(e -> refusedForGood(e) ? sendShortened(record, e)
                : Future.failedFuture(e));
    }

    private Future<Void> sendShortened(DeadLetterRecord full, Throwable refusal) {
        DeadLetterRecord small = DeadLetters.shortened(full);
        LOG.warn("Kafka refused a dead letter of {} bytes ({}); writing it shortened to {} bytes",
                full.letter().getSerializedSize(), refusal.getMessage(), small.letter().getSerializedSize());
        return sendDeadLetter(small).recover(e -> {
            if (!refusedForGood(e)) {
                return Future.failedFuture(e);
            }
            String where = coordinates(full);
            stats.deadLetterLost(where + " (" + full.letter().getReason() + ")");
            LOG.error("Kafka refused even the shortened dead letter of {} ({}, {} bytes): {}. It is lost and the"
                    + " partition goes on; raise max.message.bytes of topic {} and the monitor's max.request.size",
                    where, full.letter().getReason(), small.letter().getSerializedSize(), e.getMessage(),
                    config.topics().deadLetter());
            return Future.succeededFuture();
        });
    }

    private Future<Void> sendDeadLetter(DeadLetterRecord record) {
        return writeWithRetry(addresses.writeDeadLetter(), record, new DeliveryOptions())
                .onSuccess(v -> stats.deadLetters.incrementAndGet());
    }

    /** Where the rejected record of a dead letter was: topic-partition@offset. */
    private static String coordinates(DeadLetterRecord r) {
        var o = r.letter().getOriginal();
        return o.getTopic() + "-" + o.getPartition() + "@" + o.getOffset();
    }

    /** Kafka refused the record itself (too large, invalid): sending it again cannot help. */
    private static boolean refusedForGood(Throwable e) {
        return e instanceof ReplyException r && r.failureCode() == OutputVerticle.REFUSED;
    }

    /**
     * Sends an output and waits for its acknowledgement, retrying with growing delays while Kafka
     * refuses it: an output is never skipped, so the offsets behind it are never committed without it.
     */
    private Future<Void> writeWithRetry(String address, Object body, DeliveryOptions options) {
        Promise<Void> result = Promise.promise();
        options.setSendTimeout(config.analysisTimeout().toMillis());
        attempt(address, body, options, 1000, result);
        return result.future();
    }

    private void attempt(String address, Object body, DeliveryOptions options, long delayMs, Promise<Void> result) {
        vertx.eventBus().request(address, body, options).onSuccess(reply -> result.complete()).onFailure(e -> {
            if (stopping || refusedForGood(e)) {
                result.fail(e);
                return;
            }
            LOG.warn("{} failed ({}); retrying in {} ms", address, e.getMessage(), delayMs);
            vertx.setTimer(delayMs, t -> attempt(address, body, options, Math.min(2 * delayMs, MAX_RETRY_DELAY_MS),
                    result));
        });
    }

    private void done(List<SourceRecord> sources) {
        for (SourceRecord s : sources) {
            PartitionProgress p = progress.get(s.partition());
            if (p != null) { // null: the partition moved to another instance meanwhile
                p.done(s.offset());
            }
        }
    }

    private void expireIncomplete() {
        for (SnapshotAssembler.Rejected<SourceRecord> r : assembler.expire()) {
            roomFreed = true;
            rejectSnapshot(r);
        }
        reassemblyProgress();
    }

    private void reassemblyProgress() {
        stats.bytesInFlight(assembler.bytesInFlight());
        stats.incompleteSnapshots.set(assembler.pending());
    }

    private void setPending(int n) {
        pending = n;
        stats.pending(n);
        if (!paused && pending >= config.maxPending()) {
            paused = true;
            stats.paused.set(true);
            stats.pauses.incrementAndGet();
            LOG.info("{} snapshots pending; pausing the snapshot consumer", pending);
            pause(Set.copyOf(assigned));
        } else if (paused && pending <= config.maxPending() / 2) {
            paused = false;
            stats.paused.set(false);
            LOG.info("{} snapshots pending; resuming the snapshot consumer", pending);
            resume(assigned.stream().filter(this::flows).collect(Collectors.toSet()));
            scheduleRelief();
        }
    }

    private Future<Void> commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            if (p.hasNewProgress()) {
                offsets.put(tp, new OffsetAndMetadata(p.committable(), ""));
            }
        });
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        return commitOffsets(offsets).onSuccess(ok -> {
            stats.commits.incrementAndGet();
            offsets.forEach((tp, o) -> {
                PartitionProgress p = progress.get(tp);
                if (p != null) {
                    p.committed(o.getOffset());
                }
            });
        }).onFailure(e -> LOG.warn("offset commit failed ({}); the next commit retries", e.getMessage())).mapEmpty();
    }

    private void onAssigned(Set<TopicPartition> partitions) {
        stats.loginFailure.set(null); // the group coordinator answered: the login works again
        if (partitions.isEmpty()) {
            return; // a cooperative rebalance that gave this instance nothing new
        }
        assigned.addAll(partitions);
        partitions.forEach(tp -> progress.computeIfAbsent(tp, k -> new PartitionProgress()));
        LOG.info("assigned {}", partitions);
        if (phaseStage) {
            pause(partitions);
            awaitPhaseState(partitions, gate.close(partitions), 1000);
        } else if (paused) {
            pause(partitions);
        }
    }

    /**
     * Asks the phase stage to rebuild the layers of these partitions and opens them when it answers;
     * retries while it fails (the partitions cannot be processed without their state).
     */
    private void awaitPhaseState(Set<TopicPartition> partitions, long ticket, long retryMs) {
        Set<TopicPartition> waiting = gate.stillClosed(partitions, ticket);
        if (waiting.isEmpty() || stopping) {
            return;
        }
        vertx.eventBus().request(addresses.partitionsAssigned(), numbers(waiting), new DeliveryOptions()
                .setSendTimeout(config.analysisTimeout().toMillis())).onSuccess(reply -> {
                    var opened = gate.open(waiting, ticket);
                    opened.values().forEach(held -> held.forEach(this::onRecord));
                    if (!paused) {
                        resume(opened.keySet().stream().filter(this::flows).collect(Collectors.toSet()));
                    }
                }).onFailure(e -> {
                    LOG.warn("phase state of {} not rebuilt ({}); retrying in {} ms", waiting, e.getMessage(), retryMs);
                    vertx.setTimer(retryMs, t -> awaitPhaseState(waiting, ticket, Math.min(2 * retryMs,
                            MAX_RETRY_DELAY_MS)));
                });
    }

    private static SnapshotPartitions numbers(Set<TopicPartition> partitions) {
        return new SnapshotPartitions(partitions.stream().map(TopicPartition::getPartition)
                .collect(Collectors.toSet()));
    }

    /**
     * Partitions moved away: what was done is committed; incomplete snapshots of those partitions are
     * dropped (their new owner re-reads them from the committed offset).
     */
    private void onRevoked(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> last = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress p = progress.remove(tp);
            if (p != null && p.hasNewProgress()) {
                last.put(tp, new OffsetAndMetadata(p.committable(), ""));
            }
        }
        assigned.removeAll(partitions);
        gate.drop(partitions);
        roomGate.drop(partitions);
        stats.waitingForRoom.set(roomGate.heldRecords());
        if (phaseStage && !partitions.isEmpty()) {
            vertx.eventBus().send(addresses.partitionsRevoked(), numbers(partitions));
        }
        int dropped = assembler.drop(partitions::contains);
        roomFreed = dropped > 0 || roomFreed;
        reassemblyProgress();
        scheduleRelief();
        if (!last.isEmpty() && !consumerClosed) { // closing: stop() committed before close
            commitOffsets(last).onFailure(e -> LOG.info("final commit of revoked {} failed ({}); the new owner"
                    + " re-reads from the previous commit", partitions, e.getMessage()));
        }
        LOG.info("revoked {} ({} incomplete snapshots dropped)", partitions, dropped);
    }
}
