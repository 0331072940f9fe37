package io.esdmon.pipeline.phase;

import static io.esdmon.phases.Phase.RANDOM_LIKE;
import static io.esdmon.pipeline.phase.Classified.LOW;
import static io.esdmon.pipeline.phase.Classified.analysis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.topics.TopicAdmin;
import io.esdmon.wire.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a partition's analysis history from the broker: with equal partition counts only that
 * partition is read; with different counts every partition is read and the keys are those a real
 * producer puts in the snapshot partition asked for.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AnalysisHistoryTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final int LAYERS = 24;

    private record Topics(String snapshots, String analyses) {
    }

    private static Topics create(KafkaBroker broker, int snapshotPartitions, int analysisPartitions) {
        String prefix = "history-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet() + ".";
        Topics t = new Topics(prefix + "esd.snapshots", prefix + "esd.analyses");
        try (Admin admin = broker.admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(List.of(
                    new TopicSpec(t.snapshots(), snapshotPartitions, (short) 1, Map.of()),
                    new TopicSpec(t.analyses(), analysisPartitions, (short) 1, Map.of())));
        }
        return t;
    }

    /**
     * Writes two analyses per layer (default partitioner) and one unreadable record; returns, per layer
     * key, the snapshot partition a producer chose for that key.
     */
    private static Map<String, Integer> fill(KafkaBroker broker, Topics t) throws Exception {
        Map<String, Integer> snapshotPartition = new java.util.HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < LAYERS; i++) {
                String layer = "layer" + i;
                byte[] key = RecordKeys.layerKeyBytes("run", layer);
                RecordMetadata md = p.send(new ProducerRecord<>(t.snapshots(), key, new byte[] {1})).get();
                snapshotPartition.put("run/" + layer, md.partition());
                for (long step = 0; step < 2; step++) {
                    p.send(new ProducerRecord<>(t.analyses(), key, analysis(layer, step, RANDOM_LIKE, LOW)
                            .toByteArray())).get();
                }
            }
            p.send(new ProducerRecord<>(t.analyses(), "run/layer0".getBytes(StandardCharsets.UTF_8),
                    "not protobuf at all".getBytes(StandardCharsets.UTF_8))).get();
        }
        return snapshotPartition;
    }

    private static Set<String> keysIn(Map<String, Integer> partitionOf, int partition) {
        Set<String> out = new HashSet<>();
        partitionOf.forEach((k, p) -> {
            if (p == partition) {
                out.add(k);
            }
        });
        return out;
    }

    private static PhaseReplay replay() {
        return new PhaseReplay(Hysteresis.DEFAULT, Classified.CONFIG, Classified.CLASSIFIER);
    }

    private static AnalysisHistory history(KafkaBroker broker, Topics t) {
        return new AnalysisHistory(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "ignored"),
                t.snapshots(), t.analyses(), Duration.ofSeconds(30));
    }

    @Test
    void equalCountsReadOnlyThePartitionsAskedFor(KafkaBroker broker) throws Exception {
        Topics t = create(broker, 3, 3);
        Map<String, Integer> partitionOf = fill(broker, t);
        PhaseReplay replay = replay();
        AnalysisHistory.Stats stats = history(broker, t).read(Set.of(1, 2), replay);
        assertTrue(stats.aligned());
        assertEquals(2, stats.partitionsRead());
        assertEquals(keysIn(partitionOf, 1), replay.layers(1).keySet());
        assertEquals(keysIn(partitionOf, 2), replay.layers(2).keySet());
        assertTrue(replay.layers(0).isEmpty());
        replay.layers(1).values().forEach(l -> assertEquals(1, l.lastStep(), "both steps replayed in order"));
        assertFalse(keysIn(partitionOf, 1).isEmpty() || keysIn(partitionOf, 2).isEmpty(), "keys in both partitions");
    }

    @Test
    void differentCountsReadEveryPartitionAndKeepTheKeysOfTheSnapshotPartition(KafkaBroker broker) throws Exception {
        Topics t = create(broker, 3, 2);
        Map<String, Integer> partitionOf = fill(broker, t);
        for (int p = 0; p < 3; p++) {
            PhaseReplay replay = replay();
            AnalysisHistory.Stats stats = history(broker, t).read(Set.of(p), replay);
            assertFalse(stats.aligned());
            assertEquals(2, stats.partitionsRead());
            assertEquals(2L * LAYERS + 1, stats.records(), "every analysis partition read to its end");
            assertEquals(p == partitionOf.get("run/layer0") ? 1 : 0, stats.skippedUnreadable());
            assertEquals(keysIn(partitionOf, p), replay.layers(p).keySet(), "snapshot partition " + p);
        }
    }

    @Test
    void anEmptyHistoryIsReadAtOnce(KafkaBroker broker) {
        Topics t = create(broker, 2, 2);
        PhaseReplay replay = replay();
        AnalysisHistory.Stats stats = history(broker, t).read(Set.of(0, 1), replay);
        assertEquals(0, stats.records());
        assertEquals(0, replay.read());
    }
}
