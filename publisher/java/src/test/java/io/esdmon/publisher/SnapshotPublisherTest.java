package io.esdmon.publisher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.ConsumedChunk;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher against a real broker: what it sends is what the monitor's reassembly gets back. */
@ExtendWith(KafkaBrokerExtension.class)
class SnapshotPublisherTest {

    static Weights gaussian(String name, int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Weights.dense(name, rows, cols, v);
    }

    @Test
    void aStepOfLayersTravelsChunkedAndComesBackExactly(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 3);
        Weights big = gaussian("features.0.weight", 1500, 1500, 1); // 9,000,000 bytes
        Weights small = gaussian("fc.weight", 10, 64, 2);
        double[] evals = {0.5, 1.5, 2.5, 40.0};
        StepInfo step = StepInfo.of("run-pub", 300).withEpoch(2).withTags(Map.of("batch_size", "32"));

        StepReceipt receipt;
        LayerReceipt spectrum;
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topics.snapshots())) {
            receipt = p.publishStep(step, List.of(big, small)).get(60, TimeUnit.SECONDS);
            spectrum = p.publishSpectrum(step, "conv.weight", LayerKind.CONV2D, 2, evals, 3, 2, 2)
                    .get(30, TimeUnit.SECONDS);
        }
        assertEquals(12, receipt.layers().get(0).chunkCount()); // ceil(9,000,000 / 786,432)
        assertEquals(9_000_000, receipt.layers().get(0).totalBytes());
        assertEquals(1, receipt.layers().get(1).chunkCount());

        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(broker, topics.snapshots(), 12 + 1 + 1 + 1,
                Duration.ofSeconds(60));
        SnapshotAssembler<ConsumedChunk> assembler = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(50_000_000, 100_000_000, Duration.ofMinutes(1)));
        Map<String, AssembledSnapshot> byLayer = new HashMap<>();
        SnapshotManifest manifest = null;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertTrue(r.serializedValueSize() < 1_048_576, "record of " + r.serializedValueSize() + " bytes");
            SnapshotRecord rec = SnapshotRecord.parseFrom(r.value());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (rec.hasManifest()) {
                assertEquals("run-pub", key);
                manifest = rec.getManifest();
                continue;
            }
            assertEquals("run-pub/" + rec.getChunk().getHeader().getLayerStep().getLayer(), key);
            if (assembler.accept(rec.getChunk(), new ConsumedChunk(r.partition(), r.offset(), r.timestamp()))
                    instanceof SnapshotAssembler.Complete<ConsumedChunk> c) {
                byLayer.put(c.snapshot().layerStep().getLayer(), c.snapshot());
            }
        }
        assertEquals(3, byLayer.size());
        for (Weights w : List.of(big, small)) {
            Weights got = byLayer.get(w.name()).weights();
            assertArrayEquals(w.shape(), got.shape());
            assertArrayEquals(((WeightValues.F32) w.values()).data(), ((WeightValues.F32) got.values()).data());
        }
        AssembledSnapshot conv = byLayer.get("conv.weight");
        assertArrayEquals(evals, conv.evals());
        assertEquals(spectrum.snapshotId(), conv.header().getSnapshotId());
        assertEquals(2, conv.layerStep().getEpoch());
        assertEquals("32", conv.layerStep().getTagsOrThrow("batch_size"));

        assertEquals(300, manifest.getStep());
        assertEquals(List.of("features.0.weight", "fc.weight"),
                manifest.getLayersList().stream().map(l -> l.getLayer()).toList());
        assertEquals(receipt.layers().get(0).snapshotId(), manifest.getLayers(0).getSnapshotId());
        assertEquals(1, manifest.getLayers(1).getLayerIndex());
    }

    @Test
    void aRefusedRecordFailsTheFutureWithTheLayerNamed(KafkaBroker broker) throws Exception {
        String topic = "tiny-records-" + System.nanoTime();
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "2000")))).all().get(30, TimeUnit.SECONDS);
        }
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topic)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> p.publishLayer(StepInfo.of("run-x", 1), gaussian("fc9", 30, 40, 3), 0).join());
            PublishException pe = assertInstanceOf(PublishException.class, e.getCause());
            assertTrue(pe.getMessage().contains("layer fc9 (run run-x, step 1)"), pe.getMessage());
            // the broker's refusal, and what to do about it
            assertInstanceOf(RecordTooLargeException.class, pe.getCause());
            assertTrue(pe.getMessage().contains("max.message.bytes"), pe.getMessage());
        }
    }

    /** A record over the producer's own limit never leaves it: the future fails with the limit named. */
    @Test
    void aRecordOverTheProducersLimitIsRefusedBeforeSending(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "max.request.size", 100_000), topics.snapshots())) {
            // 200 x 200 float32 = 160,000 bytes in one chunk: over the 100,000-byte limit
            CompletionException e = assertThrows(CompletionException.class,
                    () -> p.publishLayer(StepInfo.of("run-big", 1), gaussian("wide", 200, 200, 4), 0).join());
            PublishException pe = assertInstanceOf(PublishException.class, e.getCause());
            assertInstanceOf(RecordTooLargeException.class, pe.getCause());
            assertTrue(pe.getMessage().contains("chunk 0 of 1 of layer wide (run run-big, step 1)"), pe.getMessage());
            assertTrue(pe.getMessage().contains("max.request.size"), pe.getMessage());
            // a layer that fits goes through on the same publisher
            p.publishLayer(StepInfo.of("run-big", 1), gaussian("narrow", 100, 100, 5), 1).get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, TopicRecords.readAll(broker, topics.snapshots(), Duration.ofSeconds(30)).size());
    }

    /** Names the monitor would dead-letter are refused before anything is sent, with the rule in the message. */
    @Test
    void emptyOrAmbiguousNamesAreRefusedBeforeSending() {
        IllegalArgumentException emptyRun = assertThrows(IllegalArgumentException.class, () -> StepInfo.of("", 1));
        assertTrue(emptyRun.getMessage().contains("run id must be non-empty"), emptyRun.getMessage());
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class, () -> StepInfo.of("a/b", 1));
        assertTrue(slash.getMessage().contains("no '/'"), slash.getMessage());
        try (SnapshotPublisher p = new SnapshotPublisher(new MockProducer<>(), "esd.snapshots",
                new io.esdmon.wire.snapshot.SnapshotChunker())) {
            RuntimeException emptyLayer = assertThrows(RuntimeException.class, () -> p.publishSpectrum(
                    StepInfo.of("run", 1), "", LayerKind.DENSE, 0, new double[] {1, 2}, 2, 2, 1));
            assertTrue(emptyLayer.getMessage().contains("layer name"), emptyLayer.getMessage());
        }
    }
}
