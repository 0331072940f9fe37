package io.esdmon.app.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.ReferenceFiles;
import io.esdmon.formats.LayerTensor;
import io.esdmon.formats.TensorEntry;
import io.esdmon.formats.WeightFiles;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.ConsumedChunk;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class PublishCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run esdmon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every matrix of the reference folder is published, and reassembles to what the file holds. */
    @Test
    void publishesEveryLayerOfAFolderAsOneStep(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        Path dir = ReferenceFiles.matricesDir();
        Run run = esdmon("publish", "--bootstrap", broker.bootstrapServers(), "--run", "ref", "--step", "12",
                "--tag", "model=reference", "--topic", topics.snapshots(), dir.toString());
        assertEquals(0, run.exit(), run.err());

        Map<String, Weights> expected = new HashMap<>();
        for (Path f : WeightFiles.find(dir)) {
            for (TensorEntry e : WeightFiles.open(f)) {
                expected.put(e.name(), ((LayerTensor) e).read());
            }
        }
        List<String> lines = run.out().lines().toList();
        assertEquals(expected.size() + 1, lines.size(), run.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("manifest of run ref step 12: " + expected.size()
                + " layers"), lines.get(lines.size() - 1));

        Map<String, AssembledSnapshot> got = reassemble(broker, topics.snapshots(), expected.size());
        assertEquals(expected.keySet(), got.keySet());
        for (Map.Entry<String, Weights> e : expected.entrySet()) {
            AssembledSnapshot s = got.get(e.getKey());
            assertEquals(12, s.layerStep().getStep());
            assertEquals("reference", s.layerStep().getTagsOrThrow("model"));
            Weights w = s.weights();
            assertArrayEquals(e.getValue().shape(), w.shape(), e.getKey());
            assertArrayEquals(((WeightValues.F32) e.getValue().values()).data(), ((WeightValues.F32) w.values()).data(),
                    e.getKey());
        }
    }

    @Test
    void withoutABootstrapAddressItSaysHowToGiveOne() {
        Run run = esdmon("publish", "--run", "r", "--step", "1", ReferenceFiles.matricesDir().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("pass --bootstrap HOST:PORT"), run.err());
    }

    @Test
    void aMissingFileIsNamed() {
        Run run = esdmon("publish", "--bootstrap", "localhost:1", "--run", "r", "--step", "1", "/no/such.npy");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("/no/such.npy"), run.err());
    }

    private static Map<String, AssembledSnapshot> reassemble(KafkaBroker broker, String topic, int layers) {
        SnapshotAssembler<ConsumedChunk> assembler = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(50_000_000, 100_000_000, Duration.ofMinutes(1)));
        Map<String, AssembledSnapshot> out = new HashMap<>();
        TopicRecords.consume(broker, topic, Duration.ofSeconds(60), r -> {
            SnapshotRecord rec = parse(r.value());
            if (rec.hasChunk() && assembler.accept(rec.getChunk(), new ConsumedChunk(r.partition(), r.offset(),
                    r.timestamp()))
                    instanceof SnapshotAssembler.Complete<ConsumedChunk> done) {
                out.put(done.snapshot().layerStep().getLayer(), done.snapshot());
            }
            return out.size() == layers;
        });
        return out;
    }

    private static SnapshotRecord parse(byte[] value) {
        try {
            return SnapshotRecord.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a SnapshotRecord", e);
        }
    }
}
