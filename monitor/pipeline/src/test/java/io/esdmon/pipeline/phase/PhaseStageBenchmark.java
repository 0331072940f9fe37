package io.esdmon.pipeline.phase;

import static io.esdmon.pipeline.Pipelines.gaussian;
import static io.esdmon.pipeline.bench.TopicTail.median;

import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.Phase;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.bench.TopicTail;
import io.esdmon.pipeline.engine.PhaseAssessor;
import io.esdmon.proto.LayerStep;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.analysis.AnalysisMessages;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Figures of the phase stage, each next to a baseline run in the same process:
 * <ul>
 * <li>classification on the engine pool, per layer, next to the engine's own time on the same layer;</li>
 * <li>end-to-end latency (publish → analysis consumed) of one layer through a monitor with phases and
 * through one without, interleaved run by run;</li>
 * <li>the rebuild of N analyses (read one partition of esd.analyses, parse, replay through trackers)
 * next to reading the same records without parsing or replaying.</li>
 * </ul>
 * Medians. Run: {@code monitor/pipeline/bench.sh phases}.
 */
public final class PhaseStageBenchmark {

    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults();

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "esdmon phase stage benchmark: %d cores, defaults (MP fit, randomize, detX), classifier %s%n",
                Runtime.getRuntime().availableProcessors(), DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT));
        classification();
        Vertx vertx = Vertx.vertx();
        try (KafkaBroker broker = KafkaBroker.start(BrokerSettings.ephemeral(Files.createTempDirectory(
                "esdmon-phase-bench")))) {
            latency(vertx, broker, 512, 15);
            for (int n : new int[] {1_000, 10_000, 50_000}) {
                rebuild(broker, n, 3);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static void classification() {
        LayerAnalyzer analyzer = new LayerAnalyzer(OPTIONS);
        PhaseAssessor assessor = new PhaseAssessor(ClassifierConfig.DEFAULT);
        for (int size : new int[] {256, 512, 1024}) {
            List<Double> engine = new ArrayList<>();
            List<Double> classify = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Weights w = gaussian("c" + size, size, size, i);
                long t0 = System.nanoTime();
                LayerAnalysis a = (LayerAnalysis) analyzer.analyze(w);
                long t1 = System.nanoTime();
                assessor.assess(a);
                long t2 = System.nanoTime();
                if (i > 0) { // the first run warms up
                    engine.add((t1 - t0) / 1e6);
                    classify.add((t2 - t1) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "classification %dx%d: median %.2f ms per layer; engine %.1f ms; ratio %.3f; %d runs%n",
                    size, size, median(classify), median(engine), median(classify) / median(engine), classify.size());
        }
    }

    /** One layer at a time through a monitor with phases and one without, alternating, on separate topics. */
    private static void latency(Vertx vertx, KafkaBroker broker, int size, int runs) throws Exception {
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        EsdTopics with = topics(broker, "bench-with.");
        EsdTopics without = topics(broker, "bench-without.");
        MonitorConfig base = MonitorConfig.defaults(kafka).withWorkers(1, 2);
        Monitor phases = Monitor.start(vertx, base.withTopics(with).withGroupId("bench-with"))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Monitor plain = Monitor.start(vertx, base.withTopics(without).withGroupId("bench-without").withoutPhases())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        List<Double> withMs = new ArrayList<>();
        List<Double> withoutMs = new ArrayList<>();
        try (SnapshotPublisher pubWith = SnapshotPublisher.create(kafka, with.snapshots());
                SnapshotPublisher pubWithout = SnapshotPublisher.create(kafka, without.snapshots());
                TopicTail readWith = new TopicTail(broker, with.analyses());
                TopicTail readWithout = new TopicTail(broker, without.analyses())) {
            for (int i = 0; i <= runs; i++) { // run 0 warms up
                Weights w = gaussian("lat", size, size, i);
                double a = once(pubWith, readWith, w, i);
                double b = once(pubWithout, readWithout, w, i);
                if (i > 0) {
                    withMs.add(a);
                    withoutMs.add(b);
                }
            }
        } finally {
            phases.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            plain.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "latency %dx%d, publish -> analysis consumed: with phases median %.0f ms, without %.0f ms;"
                + " added %.0f ms (ratio %.2f); %d runs each, interleaved%n", size, size, median(withMs),
                median(withoutMs), median(withMs) - median(withoutMs), median(withMs) / median(withoutMs), runs);
    }

    private static double once(SnapshotPublisher publisher, TopicTail reader, Weights w, int step) throws Exception {
        long t0 = System.nanoTime();
        publisher.publishLayer(StepInfo.of("bench", step), w, 0).get(60, TimeUnit.SECONDS);
        reader.next(1);
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Writes {@code n} analyses of 64 layers (real records: metrics, histogram, curves, phase evidence)
     * to one partition, then rebuilds that partition's state, next to a bare read of the same records.
     */
    private static void rebuild(KafkaBroker broker, int n, int runs) throws Exception {
        EsdTopics topics = topics(broker, "bench-rebuild-" + n + ".");
        LayerAnalyzer analyzer = new LayerAnalyzer(OPTIONS);
        PhaseAssessor assessor = new PhaseAssessor(ClassifierConfig.DEFAULT);
        LayerAnalysis engine = (LayerAnalysis) analyzer.analyze(gaussian("fc", 1024, 512, 1));
        String configId = DeterministicIds.configId(OPTIONS);
        io.esdmon.proto.LayerAnalysis template = AnalysisMessages.of(engine, LayerStep.newBuilder().setRunId("bench")
                .setLayer("fc").build(), "s", configId, 1, Instant.now()).toBuilder()
                .setPhase(assessor.assess(engine)).build();
        Phase[] cycle = {Phase.RANDOM_LIKE, Phase.RANDOM_LIKE, Phase.BULK_PLUS_SPIKES, Phase.BULK_PLUS_SPIKES};
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "linger.ms", "20", "compression.type", "lz4"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String layer = "layer" + (i % 64);
                long step = i / 64;
                io.esdmon.proto.LayerAnalysis a = template.toBuilder()
                        .setAnalysisId(DeterministicIds.analysisId("bench", layer, step, configId))
                        .setLayerStep(template.getLayerStep().toBuilder().setLayer(layer).setStep(step))
                        .setPhase(template.getPhase().toBuilder().setPhase(cycle[(int) (step % cycle.length)].name()))
                        .build();
                byte[] value = a.toByteArray();
                bytes += value.length;
                producer.send(new ProducerRecord<>(topics.analyses(), 0, RecordKeys.layerKeyBytes("bench", layer),
                        value));
            }
            producer.flush();
        }
        AnalysisHistory history = new AnalysisHistory(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topics.snapshots(), topics.analyses(), Duration.ofMinutes(1));
        List<Double> rebuildMs = new ArrayList<>();
        List<Double> readMs = new ArrayList<>();
        int layers = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            PhaseReplay replay = new PhaseReplay(ClassifierConfig.DEFAULT.hysteresis(), configId,
                    DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT));
            history.read(Set.of(0), replay);
            rebuildMs.add((System.nanoTime() - t0) / 1e6);
            layers = replay.layers(0).size();
            long t1 = System.nanoTime();
            bareRead(broker, topics.analyses(), n);
            readMs.add((System.nanoTime() - t1) / 1e6);
        }
        System.out.printf(Locale.ROOT, "rebuild of %d analyses (%d layers, %.1f KB each, %.0f MB): median %.0f ms (%.0f analyses/s);"
                + " bare read of the same records %.0f ms; ratio %.2f; %d runs%n", n, layers, bytes / 1024.0 / n,
                bytes / 1e6, median(rebuildMs), n / (median(rebuildMs) / 1000), median(readMs),
                median(rebuildMs) / median(readMs), runs);
    }

    private static void bareRead(KafkaBroker broker, String topic, int n) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "max.poll.records", "2000"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            int got = 0;
            while (got < n) {
                got += c.poll(Duration.ofMillis(200)).count();
            }
        }
    }

    private static EsdTopics topics(KafkaBroker broker, String prefix) {
        EsdTopics topics = EsdTopics.withPrefix(prefix);
        try (Admin admin = broker.admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(1, 1));
        }
        return topics;
    }
}
