package io.esdmon.pipeline;

import static io.esdmon.pipeline.Pipelines.await;
import static io.esdmon.pipeline.Pipelines.chunks;
import static io.esdmon.pipeline.Pipelines.awaitCommitted;
import static io.esdmon.pipeline.Pipelines.config;
import static io.esdmon.pipeline.Pipelines.gaussian;
import static io.esdmon.pipeline.Pipelines.readAnalyses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.engine.PhaseAssessor;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.analysis.AnalysisMessages;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitor against a real broker: real matrices published with the Java publisher come back as
 * exactly one analysis per layer per step, with the numbers {@link LayerAnalyzer} and the phase
 * {@link io.esdmon.phases.PhaseClassifier} give directly.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MonitorPipelineTest {

    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults();
    private static final LayerAnalyzer DIRECT = new LayerAnalyzer(OPTIONS);
    private static final String CONFIG_ID = DeterministicIds.configId(OPTIONS);
    private static final PhaseAssessor PHASES = new PhaseAssessor(ClassifierConfig.DEFAULT);
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @Test
    void everyLayerOfEveryStepIsAnalyzedOnceWithTheEngineNumbers(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 3);
        String group = "monitor-" + topics.snapshots();
        Monitor monitor = await(Monitor.start(vertx, config(broker, topics, group)));
        try {
            checkEveryLayerOnce(broker, topics, group, monitor);
        } finally {
            await(monitor.stop());
        }
    }

    private void checkEveryLayerOnce(KafkaBroker broker, EsdTopics topics, String group, Monitor monitor)
            throws Exception {
        Weights big = gaussian("big.weight", 1600, 1400, 7); // 8,960,000 bytes: 12 chunks
        List<Weights> layers = List.of(big, Npy.referenceMatrix("spiked_1000x500_3spikes"),
                Npy.referenceMatrix("conv_32x16x3x3_init"), Npy.referenceMatrix("gauss_100x8_toosmall"),
                Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024"));
        LayerAnalysis forSpectrum = (LayerAnalysis) DIRECT.analyze(Npy.referenceMatrix("gauss_500x500"));
        double[] trainerEvals = forSpectrum.spectrum().evals();
        Map<String, LayerResult> expected = new HashMap<>();
        for (Weights w : layers) {
            expected.put(w.name(), DIRECT.analyze(w));
        }
        expected.put("trainer.spectrum", DIRECT.analyzeSpectrum("trainer.spectrum", LayerKind.DENSE, trainerEvals,
                500, 500, 1));

        try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()), topics.snapshots())) {
            for (long step : new long[] {100, 200}) {
                StepInfo info = StepInfo.of("run-a", step).withTags(Map.of("batch_size", "32"));
                publisher.publishStep(info, layers).get(60, TimeUnit.SECONDS);
                publisher.publishSpectrum(info, "trainer.spectrum", LayerKind.DENSE, layers.size(), trainerEvals, 500,
                        500, 1).get(60, TimeUnit.SECONDS);
            }
        }

        int perStep = layers.size() + 1;
        Map<String, io.esdmon.proto.LayerAnalysis> got = readAnalyses(broker, topics.analyses(), 2 * perStep);
        awaitCommitted(broker, group, topics.snapshots());
        for (io.esdmon.proto.LayerAnalysis a : got.values()) {
            LayerStep s = a.getLayerStep();
            assertEquals(DeterministicIds.analysisId("run-a", s.getLayer(), s.getStep(), CONFIG_ID),
                    a.getAnalysisId());
            assertEquals("32", s.getTagsOrThrow("batch_size"));
            LayerResult direct = expected.get(s.getLayer());
            // the same record built from the direct result: every metric, histogram, curve and the phase identical
            io.esdmon.proto.LayerAnalysis want = AnalysisMessages.of(direct, s, a.getSnapshotId(), CONFIG_ID,
                    a.getEngineNanos(), Instant.ofEpochSecond(a.getAnalyzedAt().getSeconds(),
                            a.getAnalyzedAt().getNanos()));
            if (direct instanceof LayerAnalysis d) {
                // each layer keeps one phase over both steps, so its tracked phase is that phase
                var assessed = PHASES.assess(d);
                String tracked = assessed.getPhase().equals("UNDETERMINED") ? "" : assessed.getPhase();
                want = want.toBuilder().setPhase(assessed.toBuilder().setTrackedPhase(tracked)).build();
            }
            assertEquals(want, a, s.getLayer());
            if (direct instanceof LayerAnalysis d) {
                assertEquals(d.powerLaw().alpha(), a.getMetrics().getPowerLaw().getAlpha(), 0, s.getLayer());
                assertEquals(d.norms().spectralNorm(), a.getMetrics().getNorms().getLambdaMax(), 0, s.getLayer());
                assertEquals(d.norms().matrixRank(), a.getMetrics().getNorms().getMatrixRank(), s.getLayer());
                assertEquals(d.mpFit().orElseThrow().numSpikes(), a.getMetrics().getMpFit().getNumSpikes());
                assertTrue(a.getEngineNanos() > 0);
            } else {
                assertEquals(((SkippedLayer) direct).reason().name(), a.getSkipped().getReason());
            }
        }
        assertEquals("PROVIDED", got.values().stream().filter(a -> a.getLayerStep().getLayer()
                .equals("trainer.spectrum")).findFirst().orElseThrow().getSpectrum().getEigenPath());
        assertEquals(2 * perStep, monitor.stats().analysesWritten(), monitor.stats().toString());
        assertEquals(0, monitor.stats().deadLetters(), monitor.stats().toString());
    }

    @Test
    void whatCannotBeProcessedIsDeadLetteredWithTheReasonAndTheRestGoesOn(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String group = "monitor-" + topics.snapshots();
        MonitorConfig config = config(broker, topics, group).withReassembly(
                new SnapshotAssembler.Limits(64L << 20, 128L << 20, Duration.ofSeconds(2)));
        Monitor monitor = await(Monitor.start(vertx, config));
        try {
            checkDeadLetters(broker, topics, group);
        } finally {
            await(monitor.stop());
        }
    }

    private void checkDeadLetters(KafkaBroker broker, EsdTopics topics, String group) throws Exception {
        Weights fc = gaussian("fc", 40, 30, 1);
        LayerStep step = LayerStep.newBuilder().setRunId("run-b").setStep(5).setLayer("fc").build();
        List<SnapshotRecord> good = chunks("ok", step, LayerPayload.of(fc), 1 << 16);
        List<SnapshotRecord> twoChunks = chunks("half", step.toBuilder().setLayer("half").build(),
                LayerPayload.of(gaussian("half", 40, 30, 2)), 3000);
        float[] nan = new float[40 * 30];
        nan[3] = Float.POSITIVE_INFINITY;
        List<SnapshotRecord> infinite = chunks("inf", step.toBuilder().setLayer("inf").build(),
                LayerPayload.of(Weights.dense("inf", 40, 30, nan)), 1 << 16);
        SnapshotRecord badCrc = good.get(0).toBuilder().setChunk(good.get(0).getChunk().toBuilder().setHeader(
                good.get(0).getChunk().getHeader().toBuilder().setSnapshotId("crc").setCrc32(12345))).build();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            String t = topics.snapshots();
            raw.send(new ProducerRecord<>(t, bytes("junk"), bytes("{\"this is\": \"json\"}"))).get();
            raw.send(new ProducerRecord<>(t, bytes("run-b/other"), good.get(0).toByteArray())).get();
            raw.send(new ProducerRecord<>(t, bytes("run-b/half"), twoChunks.get(0).toByteArray())).get();
            raw.send(new ProducerRecord<>(t, bytes("run-b/fc"), badCrc.toByteArray())).get();
            raw.send(new ProducerRecord<>(t, bytes("run-b/inf"), infinite.get(0).toByteArray())).get();
            raw.send(new ProducerRecord<>(t, bytes("run-b/fc"), good.get(0).toByteArray())).get();
        }

        Map<String, DeadLetter> letters = new HashMap<>();
        TopicRecords.consume(broker, topics.deadLetter(), Duration.ofSeconds(60), r -> {
            DeadLetter d = parseDeadLetter(r.value());
            letters.put(d.getOriginalKey().toStringUtf8() + "|" + d.getSnapshotId(), d);
            return letters.size() == 5;
        });
        DeadLetter junk = letters.get("junk|");
        assertEquals(DeadLetterReason.UNPARSEABLE, junk.getReason());
        assertEquals("ingest", junk.getStage());
        assertEquals(64, junk.getPayloadSha256().length());
        assertTrue(junk.getPayloadPrefix().toStringUtf8().startsWith("{\"this is\""));
        DeadLetter key = letters.get("run-b/other|ok");
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, key.getReason());
        assertTrue(key.getDetail().contains("is not 'run-b/fc'"), key.getDetail());
        DeadLetter half = letters.get("run-b/half|half");
        assertEquals(DeadLetterReason.INCOMPLETE_SNAPSHOT, half.getReason());
        assertTrue(half.getDetail().contains("1 of 2 chunks"), half.getDetail());
        assertEquals(topics.snapshots(), half.getOriginal().getTopic());
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, letters.get("run-b/fc|crc").getReason());
        assertTrue(letters.get("run-b/fc|crc").getDetail().contains("CRC-32"));
        DeadLetter inf = letters.get("run-b/inf|inf");
        assertEquals("validation", inf.getStage());
        assertEquals(5, inf.getStep());

        Map<String, io.esdmon.proto.LayerAnalysis> analyses = readAnalyses(broker, topics.analyses(), 1);
        io.esdmon.proto.LayerAnalysis only = analyses.values().iterator().next();
        assertEquals("fc", only.getLayerStep().getLayer());
        assertEquals(((LayerAnalysis) DIRECT.analyze(fc)).powerLaw().alpha(),
                only.getMetrics().getPowerLaw().getAlpha(), 0);
        awaitCommitted(broker, group, topics.snapshots());
    }

    /** Offsets are committed: a monitor restarted in the same group goes on where the last one stopped. */
    @Test
    void aRestartedMonitorResumesFromTheCommittedOffsets(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String group = "monitor-" + topics.snapshots();
        List<Weights> layers = List.of(gaussian("a", 60, 50, 1), gaussian("b", 70, 40, 2));
        try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()), topics.snapshots())) {
            Monitor first = await(Monitor.start(vertx, config(broker, topics, group)));
            try {
                publisher.publishStep(StepInfo.of("run-c", 1), layers).get(60, TimeUnit.SECONDS);
                readAnalyses(broker, topics.analyses(), 2);
                awaitCommitted(broker, group, topics.snapshots());
            } finally {
                await(first.stop());
            }

            publisher.publishStep(StepInfo.of("run-c", 2), layers).get(60, TimeUnit.SECONDS);
            Monitor second = await(Monitor.start(vertx, config(broker, topics, group)));
            try {
                awaitCommitted(broker, group, topics.snapshots());
                Map<String, io.esdmon.proto.LayerAnalysis> all = readAnalyses(broker, topics.analyses(), 4);
                assertEquals(2, second.stats().analysesWritten(), "step 1 was not analyzed again");
                assertEquals(List.of(1L, 1L, 2L, 2L), all.values().stream().map(a -> a.getLayerStep().getStep())
                        .sorted().toList());
            } finally {
                await(second.stop());
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DeadLetter parseDeadLetter(byte[] value) {
        try {
            return DeadLetter.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a DeadLetter", e);
        }
    }
}
