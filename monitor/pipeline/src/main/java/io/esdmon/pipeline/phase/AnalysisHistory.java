package io.esdmon.pipeline.phase;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.proto.LayerAnalysis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the past analyses of the layers of some snapshot partitions from esd.analyses, from the
 * beginning to the end offsets found at the start (blocking; run it on a worker thread).
 *
 * <p>Analyses are keyed {@code run/layer} like snapshots, so when both topics have the same partition
 * count (as {@link io.esdmon.wire.topics.EsdTopics#specs} creates them) a layer's analyses are in the
 * partition with its snapshot partition's number, and only those partitions are read. When the counts
 * differ, every analysis partition is read and each record is kept when Kafka's default partitioner
 * (murmur2 of the key, which esdmon's Java and Python publishers use) puts its key in one of the
 * snapshot partitions asked for.
 */
final class AnalysisHistory {

    /** What one rebuild read. */
    record Stats(long records, long skippedUnreadable, int partitionsRead, boolean aligned, long millis) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisHistory.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PROGRESS_LOG_MS = 5_000;

    private final Map<String, Object> consumerConfig;
    private final String snapshotsTopic;
    private final String analysesTopic;
    private final Duration stallTimeout;

    /**
     * @param kafka         client properties (bootstrap servers, security)
     * @param stallTimeout  a read that gets no record for this long before reaching the end fails
     */
    AnalysisHistory(Map<String, String> kafka, String snapshotsTopic, String analysesTopic, Duration stallTimeout) {
        Map<String, Object> c = new HashMap<>(kafka);
        // a plain assigned reader: no group, nothing committed
        c.remove("group.id");
        c.remove("group.instance.id");
        c.put("enable.auto.commit", "false");
        c.put("client.id", "esdmon-monitor-rebuild");
        c.put("max.poll.records", "2000");
        this.consumerConfig = Map.copyOf(c);
        this.snapshotsTopic = snapshotsTopic;
        this.analysesTopic = analysesTopic;
        this.stallTimeout = stallTimeout;
    }

    /** Hands every analysis of the layers of {@code snapshotPartitions}, in partition order, to {@code replay}. */
    Stats read(Set<Integer> snapshotPartitions, PhaseReplay replay) {
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            int snapshotCount = partitionCount(consumer, snapshotsTopic);
            int analysisCount = partitionCount(consumer, analysesTopic);
            boolean aligned = snapshotCount == analysisCount;
            List<TopicPartition> parts = (aligned ? new TreeSet<>(snapshotPartitions).stream()
                    : java.util.stream.IntStream.range(0, analysisCount).boxed())
                    .map(p -> new TopicPartition(analysesTopic, p)).toList();
            if (!aligned) {
                LOG.warn("{} has {} partitions and {} has {}: rebuilding phase state of snapshot partitions {} reads every"
                        + " analysis partition; create both with the same count (docs/kafka.md)", snapshotsTopic,
                        snapshotCount, analysesTopic, analysisCount, snapshotPartitions);
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts));
            long total = 0;
            for (TopicPartition tp : parts) {
                total += end.get(tp) - consumer.position(tp);
            }
            end.keySet().removeIf(tp -> consumer.position(tp) >= end.get(tp)); // empty partitions need no poll
            long records = 0;
            long unreadable = 0;
            long progressAt = System.nanoTime();
            long loggedAt = progressAt;
            while (!end.isEmpty()) {
                var batch = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                    if (stop == null || r.offset() >= stop) {
                        continue; // written after the rebuild started: live processing covers it
                    }
                    records++;
                    int owner = aligned ? r.partition() : snapshotPartition(r.key(), snapshotCount);
                    if (!snapshotPartitions.contains(owner)) {
                        continue;
                    }
                    try {
                        replay.accept(owner, LayerAnalysis.parseFrom(r.value()));
                    } catch (InvalidProtocolBufferException | RuntimeException e) {
                        unreadable++;
                        LOG.warn("{}-{}@{} is not a usable LayerAnalysis ({}); left out of the phase history",
                                r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                long now = System.nanoTime();
                if (end.keySet().removeIf(tp -> consumer.position(tp) >= end.get(tp)) || !batch.isEmpty()) {
                    progressAt = now;
                } else if (now - progressAt > stallTimeout.toNanos()) {
                    throw new IllegalStateException("reading " + analysesTopic + " stalled for " + stallTimeout
                            + " short of the end offsets " + end + "; is the broker reachable?");
                }
                if (now - loggedAt > PROGRESS_LOG_MS * 1_000_000) {
                    LOG.info("rebuilding phase state of snapshot partitions {}: {} of {} analyses read",
                            snapshotPartitions, records, total);
                    loggedAt = now;
                }
            }
            return new Stats(records, unreadable, parts.size(), aligned, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** The snapshot partition of a {@code run/layer} key under Kafka's default partitioner. */
    static int snapshotPartition(byte[] key, int partitions) {
        return key == null ? -1 : Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static int partitionCount(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        var infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist; create esdmon's topics first"
                    + " (./esdmon serve creates them unless --no-create-topics)");
        }
        return infos.size();
    }
}
