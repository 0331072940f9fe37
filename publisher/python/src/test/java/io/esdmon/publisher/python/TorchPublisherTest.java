package io.esdmon.publisher.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.formats.NpyReader;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.engine.PhaseAssessor;
import io.esdmon.pipeline.phase.LayerPhases;
import io.esdmon.proto.DType;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.ManifestLayer;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.analysis.AnalysisMessages;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.ConsumedChunk;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real torch model trained by /usr/bin/python3 publishes through esdmon_publisher to a real broker
 * while the monitor runs. The Java side checks the keys and partitions and the manifests; that every
 * tensor snapshot reassembles to exactly the weights the script saved at that step (float32, bfloat16,
 * float16); that every spectrum-only snapshot carries the eigenvalues the engine computes from those
 * weights, so that their analysis matches the weights' own; and that the monitor wrote one analysis per
 * layer per step, equal to the engine's analysis of the same input.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TorchPublisherTest {

    private static final int PARTITIONS = 3;
    private static final int STEPS = 6;
    private static final int EVERY = 2;
    private static final List<Integer> PUBLISHED_STEPS = List.of(2, 4, 6);
    private static final List<String> LAYERS = List.of("emb", "features.0", "features.2", "fc1", "fc2", "head16");
    private static final Set<String> SPECTRUM_ONLY = Set.of("features.2", "fc1");
    private static final Map<String, io.esdmon.proto.LayerKind> KINDS = Map.of(
            "emb", io.esdmon.proto.LayerKind.EMBEDDING, "features.0", io.esdmon.proto.LayerKind.CONV2D,
            "features.2", io.esdmon.proto.LayerKind.CONV2D, "fc1", io.esdmon.proto.LayerKind.DENSE,
            "fc2", io.esdmon.proto.LayerKind.DENSE, "head16", io.esdmon.proto.LayerKind.DENSE);
    private static final Map<String, DType> DTYPES = Map.of("emb", DType.F32, "features.0", DType.F32,
            "fc2", DType.BF16, "head16", DType.F16);
    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults();
    private static final LayerAnalyzer ENGINE = new LayerAnalyzer(OPTIONS);
    /** The monitor's default classifier, which fills each analysis's phase. */
    private static final PhaseAssessor ASSESSOR = new PhaseAssessor(ClassifierConfig.DEFAULT);

    @TempDir
    Path out;

    /** What the script put on the snapshot topic. */
    private record Published(Map<String, AssembledSnapshot> snapshots, List<SnapshotManifest> manifests,
            Map<String, Integer> chunksPerSnapshot) {
    }

    @Test
    void aTrainingTorchModelIsPublishedAndAnalyzedAsTheEngineAnalyzesItsWeights(KafkaBroker broker) throws Exception {
        Python.require("torch", "numpy", "google.protobuf", "confluent_kafka");
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, PARTITIONS);
        Vertx vertx = Vertx.vertx();
        try {
            publishAndAnalyze(broker, topics, vertx);
        } finally {
            await(vertx.close());
        }
    }

    private void publishAndAnalyze(KafkaBroker broker, EsdTopics topics, Vertx vertx) throws Exception {
        Monitor monitor = await(Monitor.start(vertx, MonitorConfig.defaults(Map.of("bootstrap.servers",
                broker.bootstrapServers())).withTopics(topics).withGroupId("monitor-" + topics.snapshots())
                .withWorkers(2, 4)));
        String run = "torch-" + ProcessHandle.current().pid();
        Python.Result r = Python.run(List.of("src/test/python/publish_run.py", broker.bootstrapServers(),
                topics.snapshots(), run, out.toString(), String.valueOf(STEPS), String.valueOf(EVERY)),
                Duration.ofMinutes(5));
        assertEquals(0, r.exit(), "publish_run.py failed:\n" + r.output());

        Published published = readSnapshots(broker, topics.snapshots(), run);
        checkManifests(published, run);
        Map<String, LayerResult> expected = new HashMap<>();
        for (AssembledSnapshot s : published.snapshots().values()) {
            Path npy = out.resolve("step" + s.layerStep().getStep()).resolve(s.layerStep().getLayer() + ".npy");
            expected.put(s.header().getSnapshotId(), checkPayload(s, npy));
        }
        checkAnalyses(broker, topics.analyses(), published, expected);
        assertEquals(expected.size(), monitor.stats().analysesWritten(), monitor.stats().toString());
        assertEquals(0, monitor.stats().deadLetters(), monitor.stats().toString());
        await(monitor.stop());
    }

    /** Reads the whole topic, checking keys and partitions, and reassembles the chunks with the Java wire code. */
    private static Published readSnapshots(KafkaBroker broker, String topic, String run) throws Exception {
        SnapshotAssembler<ConsumedChunk> assembler = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(16 << 20, 64 << 20, Duration.ofMinutes(5)));
        Published p = new Published(new HashMap<>(), new ArrayList<>(), new HashMap<>());
        for (ConsumerRecord<byte[], byte[]> rec : readToEnd(broker, topic)) {
            assertEquals(Utils.toPositive(Utils.murmur2(rec.key())) % PARTITIONS, rec.partition(),
                    "records must land where Java's default partitioner puts their key");
            SnapshotRecord value = SnapshotRecord.parseFrom(rec.value());
            if (value.hasManifest()) {
                assertEquals(run, new String(rec.key(), StandardCharsets.UTF_8));
                p.manifests().add(value.getManifest());
                continue;
            }
            LayerSnapshotChunk chunk = value.getChunk();
            assertEquals(RecordKeys.layerKey(run, chunk.getHeader().getLayerStep().getLayer()),
                    new String(rec.key(), StandardCharsets.UTF_8));
            p.chunksPerSnapshot().merge(chunk.getHeader().getSnapshotId(), 1, Integer::sum);
            var outcome = assembler.accept(chunk, new ConsumedChunk(rec.partition(), rec.offset(), rec.timestamp()));
            if (outcome instanceof SnapshotAssembler.Rejected<ConsumedChunk> rejected) {
                fail("the Java assembler rejected a chunk: " + rejected.detail());
            }
            if (outcome instanceof SnapshotAssembler.Complete<ConsumedChunk> complete) {
                p.snapshots().put(complete.snapshot().header().getSnapshotId(), complete.snapshot());
            }
        }
        assertEquals(PUBLISHED_STEPS.size() * LAYERS.size(), p.snapshots().size(), "complete snapshots");
        return p;
    }

    private static void checkManifests(Published p, String run) {
        assertEquals(PUBLISHED_STEPS, p.manifests().stream().map(m -> (int) m.getStep()).sorted().toList());
        Set<String> listed = new HashSet<>();
        for (SnapshotManifest m : p.manifests()) {
            assertEquals(run, m.getRunId());
            assertEquals((m.getStep() - 1) / 4, m.getEpoch());
            assertEquals(Map.of("model", "publish_run", "batch_size", "16"), m.getTagsMap());
            assertEquals(LAYERS, m.getLayersList().stream().map(ManifestLayer::getLayer).toList());
            for (int i = 0; i < LAYERS.size(); i++) {
                ManifestLayer entry = m.getLayers(i);
                AssembledSnapshot s = p.snapshots().get(entry.getSnapshotId());
                assertNotNull(s, "manifest of step " + m.getStep() + " names a snapshot that never arrived");
                listed.add(entry.getSnapshotId());
                assertEquals(i, entry.getLayerIndex());
                assertEquals(KINDS.get(entry.getLayer()), entry.getKind());
                var ls = s.layerStep();
                assertEquals(List.of(entry.getLayer(), m.getStep(), m.getEpoch(), entry.getKind(), i),
                        List.of(ls.getLayer(), ls.getStep(), ls.getEpoch(), ls.getKind(), ls.getLayerIndex()));
                assertEquals(m.getWallTime(), ls.getWallTime());
                assertEquals(m.getTagsMap(), ls.getTagsMap());
                assertEquals(entry.getTotalBytes(), s.payload().length);
                assertEquals(entry.getChunkCount(), p.chunksPerSnapshot().get(entry.getSnapshotId()));
                assertEquals(entry.getLayer().equals("emb") ? 2 : 1, entry.getChunkCount(),
                        "the 800,000-byte embedding needs two 768 KiB chunks, the others one");
            }
        }
        assertEquals(p.snapshots().keySet(), listed, "every snapshot is listed in its step's manifest");
    }

    /**
     * Compares a snapshot with the weights the script saved at its step and returns what the engine makes
     * of the snapshot: the analysis of the weights, or of the published eigenvalues.
     */
    private static LayerResult checkPayload(AssembledSnapshot s, Path npy) throws Exception {
        String layer = s.layerStep().getLayer();
        Weights saved = NpyReader.open(npy, layer).read();
        if (!SPECTRUM_ONLY.contains(layer)) {
            assertEquals(DTYPES.get(layer), s.header().getTensor().getDtype(), layer);
            Weights sent = s.weights();
            assertArrayEquals(saved.shape(), sent.shape(), layer);
            assertArrayEquals(((WeightValues.F32) saved.values()).data(), ((WeightValues.F32) sent.values()).data(),
                    layer + " at step " + s.layerStep().getStep() + ": the weights differ from those saved");
            return ENGINE.analyze(sent);
        }
        assertTrue(s.isSpectrum(), layer + " is spectrum-only");
        Spectrum fromWeights = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(saved, OPTIONS.convScaling(), OPTIONS.weakRankTolerance());
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
        assertEquals(saved.kind(), s.spectrumKind());
        LayerAnalysis ofWeights = assertInstanceOf(LayerAnalysis.class, ENGINE.analyze(saved));
        LayerAnalysis ofSpectrum = ENGINE.analyzeSpectrum(layer, s.spectrumKind(), s.evals(), layout.getN(),
                layout.getM(), layout.getRf());
        double[] a = headline(ofWeights);
        double[] b = headline(ofSpectrum);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9 * Math.max(1, Math.abs(a[i])), layer + ": metric " + i);
        }
        assertTrue(ofSpectrum.randomized().isEmpty(), "the randomized ESD needs the weights");
        return ofSpectrum;
    }

    /** alpha, xmin, D, lambda_max, norm, stable_rank, matrix_rank, entropy, num_spikes, mp_softrank. */
    private static double[] headline(LayerAnalysis a) {
        var mp = a.mpFit().orElseThrow();
        return new double[] {a.powerLaw().alpha(), a.powerLaw().xmin(), a.powerLaw().D(), a.norms().spectralNorm(),
            a.norms().norm(), a.norms().stableRank(), a.norms().matrixRank(), a.norms().entropy(), mp.numSpikes(),
            mp.mpSoftrank()};
    }

    /**
     * One analysis per snapshot, each the record that the engine's result for the snapshot makes with the
     * snapshot's identity (run, step, epoch, wall time, layer, index, tags).
     */
    private static void checkAnalyses(KafkaBroker broker, String topic, Published published,
            Map<String, LayerResult> expected) throws Exception {
        String configId = DeterministicIds.configId(OPTIONS);
        Map<String, io.esdmon.proto.LayerAnalysis> bySnapshot = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : TopicRecords.read(broker, topic, expected.size(),
                Duration.ofSeconds(120))) {
            io.esdmon.proto.LayerAnalysis a = io.esdmon.proto.LayerAnalysis.parseFrom(rec.value());
            assertEquals(a.getLayerStep().getRunId() + "/" + a.getLayerStep().getLayer(),
                    new String(rec.key(), StandardCharsets.UTF_8));
            bySnapshot.put(a.getSnapshotId(), a);
        }
        assertEquals(expected.keySet(), bySnapshot.keySet(), "one analysis per layer per step");
        // the tracked phase depends on the layer's earlier steps: replay each layer's expected records in order
        Map<String, LayerPhases> trackers = new HashMap<>();
        List<Map.Entry<String, LayerResult>> inStepOrder = expected.entrySet().stream().sorted(Comparator.comparingLong(
                e -> bySnapshot.get(e.getKey()).getLayerStep().getStep())).toList();
        for (var e : inStepOrder) {
            io.esdmon.proto.LayerAnalysis got = bySnapshot.get(e.getKey());
            var at = Instant.ofEpochSecond(got.getAnalyzedAt().getSeconds(), got.getAnalyzedAt().getNanos());
            io.esdmon.proto.LayerAnalysis want = AnalysisMessages.of(e.getValue(),
                    published.snapshots().get(e.getKey()).layerStep(), e.getKey(), configId, got.getEngineNanos(), at);
            if (e.getValue() instanceof LayerAnalysis analyzed) {
                want = want.toBuilder().setPhase(ASSESSOR.assess(analyzed)).build();
                want = trackers.computeIfAbsent(got.getLayerStep().getLayer(), l -> new LayerPhases(
                        ClassifierConfig.DEFAULT.hysteresis())).observe(want, at).analysis();
            }
            assertEquals(want, got, got.getLayerStep().getLayer() + " at step " + got.getLayerStep().getStep());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(KafkaBroker broker, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
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

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
