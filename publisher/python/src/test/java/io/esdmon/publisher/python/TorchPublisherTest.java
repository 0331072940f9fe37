package io.esdmon.publisher.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.formats.NpyReader;
import io.esdmon.proto.DType;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.ManifestLayer;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real torch model trained by /usr/bin/python3 publishes through esdmon_publisher to a real broker;
 * the Java wire code reads the topic back. Checks the keys and partitions, the manifests, that every
 * tensor snapshot reassembles to exactly the weights the script saved at that step (float32,
 * bfloat16 and float16), and that every spectrum-only snapshot carries the eigenvalues the engine
 * computes from those weights, so the engine's analysis of the spectrum equals its analysis of the weights.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TorchPublisherTest {

    private static final int PARTITIONS = 3;
    private static final int STEPS = 6;
    private static final int EVERY = 2;
    private static final List<String> LAYERS = List.of("emb", "features.0", "features.2", "fc1", "fc2", "head16");
    private static final Set<String> SPECTRUM_ONLY = Set.of("features.2", "fc1");
    private static final Map<String, io.esdmon.proto.LayerKind> KINDS = Map.of(
            "emb", io.esdmon.proto.LayerKind.EMBEDDING, "features.0", io.esdmon.proto.LayerKind.CONV2D,
            "features.2", io.esdmon.proto.LayerKind.CONV2D, "fc1", io.esdmon.proto.LayerKind.DENSE,
            "fc2", io.esdmon.proto.LayerKind.DENSE, "head16", io.esdmon.proto.LayerKind.DENSE);
    private static final Map<String, DType> DTYPES = Map.of("emb", DType.F32, "features.0", DType.F32,
            "fc2", DType.BF16, "head16", DType.F16);

    @TempDir
    Path out;

    @Test
    void snapshotsOfATrainingTorchModelDecodeToItsExactWeights(KafkaBroker broker) throws Exception {
        Python.require();
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, PARTITIONS);
        String run = "torch-" + ProcessHandle.current().pid();
        Python.Result r = Python.run(List.of("src/test/python/publish_run.py", broker.bootstrapServers(),
                topics.snapshots(), run, out.toString(), String.valueOf(STEPS), String.valueOf(EVERY)),
                Duration.ofMinutes(5));
        assertEquals(0, r.exit(), "publish_run.py failed:\n" + r.output());

        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker, topics.snapshots());
        SnapshotAssembler<Long> assembler = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(16 << 20, 64 << 20, Duration.ofMinutes(5)));
        Map<String, AssembledSnapshot> snapshots = new HashMap<>();
        List<SnapshotManifest> manifests = new ArrayList<>();
        Map<String, Integer> chunksPerSnapshot = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            assertEquals(javaPartition(rec.key()), rec.partition(),
                    "records must land where Java's default partitioner puts their key");
            SnapshotRecord value = SnapshotRecord.parseFrom(rec.value());
            if (value.hasManifest()) {
                assertEquals(run, new String(rec.key(), StandardCharsets.UTF_8));
                manifests.add(value.getManifest());
                continue;
            }
            LayerSnapshotChunk chunk = value.getChunk();
            assertEquals(RecordKeys.layerKey(run, chunk.getHeader().getLayerStep().getLayer()),
                    new String(rec.key(), StandardCharsets.UTF_8));
            chunksPerSnapshot.merge(chunk.getHeader().getSnapshotId(), 1, Integer::sum);
            var outcome = assembler.accept(chunk, rec.offset());
            if (outcome instanceof SnapshotAssembler.Rejected<Long> rejected) {
                fail("the Java assembler rejected a chunk: " + rejected.detail());
            }
            if (outcome instanceof SnapshotAssembler.Complete<Long> complete) {
                snapshots.put(complete.snapshot().header().getSnapshotId(), complete.snapshot());
            }
        }

        List<Integer> steps = List.of(2, 4, 6);
        assertEquals(steps, manifests.stream().map(m -> (int) m.getStep()).sorted().toList());
        assertEquals(steps.size() * LAYERS.size(), snapshots.size(), "complete snapshots");
        Set<String> listed = new HashSet<>();
        for (SnapshotManifest m : manifests) {
            assertEquals(run, m.getRunId());
            assertEquals((m.getStep() - 1) / 4, m.getEpoch());
            assertEquals(Map.of("model", "publish_run", "batch_size", "16"), m.getTagsMap());
            assertEquals(LAYERS, m.getLayersList().stream().map(ManifestLayer::getLayer).toList());
            for (int i = 0; i < LAYERS.size(); i++) {
                ManifestLayer entry = m.getLayers(i);
                AssembledSnapshot s = snapshots.get(entry.getSnapshotId());
                assertTrue(s != null, "manifest of step " + m.getStep() + " names a snapshot that never arrived");
                listed.add(entry.getSnapshotId());
                assertEquals(i, entry.getLayerIndex());
                assertEquals(KINDS.get(entry.getLayer()), entry.getKind());
                assertEquals(entry.getLayer(), s.layerStep().getLayer());
                assertEquals(m.getStep(), s.layerStep().getStep());
                assertEquals(m.getEpoch(), s.layerStep().getEpoch());
                assertEquals(m.getWallTime(), s.layerStep().getWallTime());
                assertEquals(m.getTagsMap(), s.layerStep().getTagsMap());
                assertEquals(entry.getKind(), s.layerStep().getKind());
                assertEquals(i, s.layerStep().getLayerIndex());
                assertEquals(entry.getTotalBytes(), s.payload().length);
                assertEquals(entry.getChunkCount(), chunksPerSnapshot.get(entry.getSnapshotId()));
                assertEquals(entry.getLayer().equals("emb") ? 2 : 1, entry.getChunkCount(),
                        "the 800,000-byte embedding needs two 768 KiB chunks, the others one");
                checkPayload(s, out.resolve("step" + m.getStep()).resolve(entry.getLayer() + ".npy"));
            }
        }
        assertEquals(snapshots.keySet(), listed, "every snapshot is listed in its step's manifest");
    }

    private static void checkPayload(AssembledSnapshot s, Path npy) throws Exception {
        String layer = s.layerStep().getLayer();
        Weights saved = NpyReader.open(npy, layer).read();
        if (!SPECTRUM_ONLY.contains(layer)) {
            assertEquals(DTYPES.get(layer), s.header().getTensor().getDtype(), layer);
            Weights sent = s.weights();
            assertArrayEquals(saved.shape(), sent.shape(), layer);
            assertArrayEquals(((WeightValues.F32) saved.values()).data(), ((WeightValues.F32) sent.values()).data(),
                    layer + " at step " + s.layerStep().getStep() + ": the weights differ from those saved");
            return;
        }
        assertTrue(s.isSpectrum(), layer + " is spectrum-only");
        AnalysisOptions options = AnalysisOptions.defaults();
        Spectrum fromWeights = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(saved, options.convScaling(), options.weakRankTolerance());
        var layout = s.header().getSpectrum();
        assertEquals(List.of(fromWeights.n(), fromWeights.m(), fromWeights.rf()),
                List.of(layout.getN(), layout.getM(), layout.getRf()), layer + ": N, M, rf");
        double[] sent = s.evals();
        Arrays.sort(sent);
        double[] expected = fromWeights.evals();
        double lambdaMax = expected[expected.length - 1];
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], sent[i], 1e-12 * lambdaMax, layer + ": eigenvalue " + i);
        }
        LayerAnalyzer analyzer = new LayerAnalyzer(options);
        LayerAnalysis ofWeights = assertInstanceOf(LayerAnalysis.class, analyzer.analyze(saved));
        LayerAnalysis ofSpectrum = analyzer.analyzeSpectrum(layer, s.spectrumKind(), s.evals(), layout.getN(),
                layout.getM(), layout.getRf());
        assertEquals(saved.kind(), s.spectrumKind());
        double[] a = headline(ofWeights);
        double[] b = headline(ofSpectrum);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9 * Math.max(1, Math.abs(a[i])), layer + ": metric " + i);
        }
        assertTrue(ofSpectrum.randomized().isEmpty(), "the randomized ESD needs the weights");
    }

    /** alpha, xmin, D, lambda_max, norm, stable_rank, matrix_rank, entropy, num_spikes, mp_softrank. */
    private static double[] headline(LayerAnalysis a) {
        var mp = a.mpFit().orElseThrow();
        return new double[] {a.powerLaw().alpha(), a.powerLaw().xmin(), a.powerLaw().D(), a.norms().spectralNorm(),
            a.norms().norm(), a.norms().stableRank(), a.norms().matrixRank(), a.norms().entropy(), mp.numSpikes(),
            mp.mpSoftrank()};
    }

    /** The partition Java's default partitioner picks for a keyed record. */
    private static int javaPartition(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic) {
        Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "enable.auto.commit", false, "group.id", "torch-publisher-test");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topic + " to its end offsets " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
