package io.esdmon.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.trainer.TrainingSnapshot;
import io.esdmon.wire.snapshot.SnapshotChunker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The trainer → publisher bridge: a snapshot becomes one published step, failures are reported. */
class PublishingListenerTest {

    private static TrainingSnapshot snapshot(long step, int epoch) {
        Weights fc1 = Weights.dense("fc1", 4, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Weights fc2 = Weights.dense("fc2", 2, 4, new float[] {1, 0, 0, 1, 0, 1, 1, 0});
        return new TrainingSnapshot("demo-bs8", step, epoch, Instant.ofEpochSecond(1_700_000_000L, 5_000_000),
                Duration.ofSeconds(3), List.of(fc1, fc2), Map.of("batch_size", "8", "learning_rate", "0.05"), 0.5,
                0.8, 0.75);
    }

    /** Records are acknowledged (or failed) only when the test says so. */
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final List<String> errors = new ArrayList<>();
    private final PublishingListener listener = new PublishingListener(new SnapshotPublisher(producer, "snaps",
            new SnapshotChunker()), errors::add);

    @Test
    void aSnapshotIsPublishedAsOneStepWithItsRunStepEpochTimeAndTags() throws Exception {

        listener.onSnapshot(snapshot(374, 2));
        assertEquals(2, listener.layersSent());
        assertEquals(2, producer.history().size(), "one record per (small) layer before the manifest");
        while (producer.completeNext()) {
            // acknowledge the layers, then the manifest they release
        }
        assertEquals(3, producer.history().size());
        ProducerRecord<byte[], byte[]> last = producer.history().get(2);
        assertEquals("demo-bs8", new String(last.key(), StandardCharsets.UTF_8));
        SnapshotManifest m = SnapshotRecord.parseFrom(last.value()).getManifest();
        assertEquals(374, m.getStep());
        assertEquals(2, m.getEpoch());
        assertEquals(1_700_000_000L, m.getWallTime().getSeconds());
        assertEquals(5_000_000, m.getWallTime().getNanos());
        assertEquals(Map.of("batch_size", "8", "learning_rate", "0.05"), m.getTagsMap());
        assertEquals(List.of("fc1", "fc2"), m.getLayersList().stream().map(l -> l.getLayer()).toList());
        assertEquals("demo-bs8/fc1", new String(producer.history().get(0).key(), StandardCharsets.UTF_8));
        assertEquals(1, listener.published());
        assertEquals(0, listener.failed());
        assertEquals(List.of(), errors);
    }

    @Test
    void aStepTheBrokerRejectsIsCountedAndReported() {

        listener.onSnapshot(snapshot(187, 1));
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        producer.completeNext();
        assertEquals(2, producer.history().size(), "no manifest for a step with a failed layer");
        assertEquals(0, listener.published());
        assertEquals(1, listener.failed());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("step 187 of run demo-bs8 was not published: "), errors.get(0));
        assertTrue(errors.get(0).contains("broker away"), errors.get(0));
    }
}
