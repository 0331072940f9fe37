package io.esdmon.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotChunker;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the pipeline's integration tests share: configs, test matrices, reading outputs, waiting for commits. */
public final class Pipelines {

    private Pipelines() {
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    public static MonitorConfig config(KafkaBroker broker, EsdTopics topics, String group) {
        return MonitorConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers())).withTopics(topics)
                .withGroupId(group).withWorkers(2, 4);
    }

    public static Weights gaussian(String name, int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() / Math.sqrt(cols));
        }
        return Weights.dense(name, rows, cols, v);
    }

    /** The records of one snapshot of {@code payload}, cut into chunks of {@code chunkBytes}. */
    public static List<SnapshotRecord> chunks(String id, LayerStep step, LayerPayload payload, int chunkBytes) {
        return new SnapshotChunker(chunkBytes).chunk(SnapshotChunker.header(id, step, payload), payload);
    }

    public static Map<String, io.esdmon.proto.LayerAnalysis> readAnalyses(KafkaBroker broker, String topic, int count) {
        Map<String, io.esdmon.proto.LayerAnalysis> byId = new HashMap<>();
        List<io.esdmon.proto.LayerAnalysis> all = new ArrayList<>();
        TopicRecords.consume(broker, topic, Duration.ofSeconds(120), r -> {
            io.esdmon.proto.LayerAnalysis a = parse(r.value());
            String key = a.getLayerStep().getRunId() + "/" + a.getLayerStep().getLayer();
            assertEquals(key, new String(r.key(), StandardCharsets.UTF_8), "record key");
            all.add(a);
            byId.put(a.getAnalysisId(), a);
            return all.size() == count;
        });
        assertEquals(count, byId.size(), "one analysis per layer per step: " + all.size() + " records, " + byId.size()
                + " distinct ids");
        return byId;
    }

    public static io.esdmon.proto.LayerAnalysis parse(byte[] value) {
        try {
            return io.esdmon.proto.LayerAnalysis.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a LayerAnalysis", e);
        }
    }

    /** Waits until the group has committed every snapshot record (all outputs acknowledged). */
    public static void awaitCommitted(KafkaBroker broker, String group, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || committed.containsKey(e.getKey())
                        && committed.get(e.getKey()).offset() == e.getValue().offset());
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " committed " + committed + ", log ends " + ends);
                }
                Thread.sleep(200);
            }
        }
    }
}
