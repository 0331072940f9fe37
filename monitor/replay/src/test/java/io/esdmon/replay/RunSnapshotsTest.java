package io.esdmon.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.snapshot.SnapshotChunker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The range rules of the snapshot reader on scripted partitions: a snapshot counts when its first chunk
 * is in the range; one begun before --from is left out, one begun before --to is completed from later
 * chunks; other runs and manifests are skipped; records past the end offsets found at the start are
 * never read.
 */
class RunSnapshotsTest {

    private static final String TOPIC = "esd.snapshots";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final SnapshotAssembler.Limits LIMITS = new SnapshotAssembler.Limits(1 << 20, 1 << 22,
            Duration.ofMinutes(5));
    /** 100 eigenvalues = 800 bytes, cut into 2 chunks of 400. */
    private static final SnapshotChunker CHUNKER = new SnapshotChunker(400);

    private static List<SnapshotRecord> snapshot(String run, String layer, long step, String id) {
        double[] evals = new double[100];
        for (int i = 0; i < evals.length; i++) {
            evals[i] = 1 + i * 0.01;
        }
        LayerPayload.Spectrum payload = new LayerPayload.Spectrum(200, 100, 1, evals);
        LayerStep ls = LayerStep.newBuilder().setRunId(run).setLayer(layer).setStep(step).build();
        return CHUNKER.chunk(SnapshotChunker.header(id, ls, payload), payload);
    }

    private static ConsumerRecord<byte[], byte[]> rec(TopicPartition tp, long offset, String key, SnapshotRecord r) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key.getBytes(StandardCharsets.UTF_8),
                r.toByteArray());
    }

    @Test
    void aSnapshotIsInTheRangeWhenItsFirstChunkIs() throws Exception {
        List<SnapshotRecord> a = snapshot("r", "fc", 100, "A");
        List<SnapshotRecord> b = snapshot("r", "fc", 200, "B");
        List<SnapshotRecord> c = snapshot("r", "fc", 300, "C");
        List<SnapshotRecord> e = snapshot("r", "fc", 400, "E");
        List<SnapshotRecord> f = snapshot("r", "fc2", 100, "F");
        List<SnapshotRecord> g = snapshot("r", "fc2", 200, "G");
        List<SnapshotRecord> other = snapshot("other", "fc", 100, "O");
        SnapshotRecord manifest = SnapshotRecord.newBuilder().setManifest(SnapshotManifest.newBuilder().setRunId("r")
                .setStep(200)).build();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.schedulePollTask(() -> {
            // partition 0: range [2, 8), end 11
            consumer.addRecord(rec(P0, 2, "r/fc", a.get(1)));     // A's first chunk is at 1, before --from: left out
            consumer.addRecord(rec(P0, 3, "r/fc", b.get(0)));
            consumer.addRecord(rec(P0, 4, "other/fc", other.get(0)));
            consumer.addRecord(rec(P0, 5, "r/fc", b.get(1)));     // B complete
            consumer.addRecord(rec(P0, 6, "r/fc", c.get(0)));
            consumer.addRecord(rec(P0, 7, "r", manifest));
            consumer.addRecord(rec(P0, 8, "r/fc", c.get(1)));     // after --to, completes C begun before it
            consumer.addRecord(rec(P0, 9, "r/fc", e.get(0)));     // after --to: E is not in the range
            consumer.addRecord(rec(P0, 10, "r/fc", e.get(1)));
            consumer.addRecord(rec(P0, 11, "r/fc", snapshot("r", "fc", 500, "late").get(0))); // past the end
            // partition 1: range [0, 2), end 3
            consumer.addRecord(rec(P1, 0, "r/fc2", f.get(0)));
            consumer.addRecord(rec(P1, 1, "r/fc2", f.get(1)));
            consumer.addRecord(rec(P1, 2, "r/fc2", g.get(0)));
        });
        RunSnapshots reader = new RunSnapshots(consumer, "r", List.of(new PartitionWindow(P0, 2, 8, 11),
                new PartitionWindow(P1, 0, 2, 3)), LIMITS, Duration.ofSeconds(5));
        List<String> got = new ArrayList<>();
        reader.read(s -> got.add(s.header().getSnapshotId()), () -> { });
        assertEquals(Set.of("B", "C", "F"), Set.copyOf(got));
        assertTrue(got.indexOf("B") < got.indexOf("C"), "one partition's snapshots in their order: " + got);
        assertEquals(8, reader.recordsRead(), "records of the range, every run's");
        assertEquals(1, reader.incomplete(), "A, cut by --from");
        assertEquals(0, reader.rejected());
        assertEquals(Set.of("other"), reader.otherRuns());
        assertTrue(reader.chunksOfRun() > 0);
    }

    @Test
    void aKeyThatDoesNotNameTheChunksLayerIsLeftOutAsTheMonitorDeadLettersIt() throws Exception {
        List<SnapshotRecord> s = snapshot("r", "fc2", 100, "X");
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(rec(P0, 0, "r/fc", s.get(0)));
            consumer.addRecord(rec(P0, 1, "r/fc", s.get(1)));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "r/fc".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xff, 1, 2}));
        });
        RunSnapshots reader = new RunSnapshots(consumer, "r", List.of(new PartitionWindow(P0, 0, 3, 3)), LIMITS,
                Duration.ofSeconds(5));
        List<AssembledSnapshot> got = new ArrayList<>();
        reader.read(got::add, () -> { });
        assertEquals(List.of(), got);
        assertEquals(3, reader.rejected(), "two chunks under the wrong key, one undecodable record");
    }

    @Test
    void aReadThatGetsNothingShortOfTheEndFailsSayingSo() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        RunSnapshots reader = new RunSnapshots(consumer, "r", List.of(new PartitionWindow(P0, 0, 5, 5)), LIMITS,
                Duration.ofMillis(300));
        var e = assertThrows(ReplayException.class, () -> reader.read(s -> { }, () -> { }));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
        assertTrue(e.getMessage().contains("is the broker reachable?"), e.getMessage());
    }
}
