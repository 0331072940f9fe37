package io.esdmon.pipeline.phase;

import static io.esdmon.pipeline.Pipelines.await;
import static io.esdmon.pipeline.Pipelines.awaitCommitted;
import static io.esdmon.pipeline.Pipelines.config;
import static io.esdmon.pipeline.Pipelines.readAnalyses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.Monitor;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Phases and transitions in the live pipeline against a real broker: scripted sequences of layers
 * whose phases are known (WeightWatcher's reference matrices, or their spectra) give exactly the
 * expected transitions on esd.transitions and on the event bus, also across a restart after a crash
 * and across a partition move between two monitors.
 *
 * <p>The scripts rely on the default hysteresis (bands of 1 forward and 2 back, one step of dwell, decisive
 * at 4 forward) and on these calls, checked in {@link #marginsTheScriptsRelyOn}: Gaussian noise is
 * Random-like (margin 4.8), the 3-spike matrix Bulk+Spikes (5.1, decisive), the batch-8 MLP layer and the
 * Pareto μ = 1.5 spectrum Heavy-Tailed (2.0 and 1.8: beyond the band, not decisive), the low-rank
 * spectrum Rank-collapse (10, decisive). Phases and margins come from the spectrum alone, so weights and
 * spectrum-only snapshots of a layer get the same ones.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PhasePipelineTest {

    private static final LayerAnalyzer DIRECT = new LayerAnalyzer(AnalysisOptions.defaults());
    private static final String CONFIG_ID = DeterministicIds.configId(AnalysisOptions.defaults());
    private static final String CLASSIFIER_ID = DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT);
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Spectra (eigenvalues of 1000×500 reference matrices) by the letter scripts use for them. */
    private static final Map<Character, double[]> SPECTRA = new HashMap<>();
    private static Vertx vertx;

    /** A transition as the test states it: layer, from, to, last step of the old phase, first of the new, confirming step. */
    record Expected(String layer, String from, String to, long lastStepBefore, long firstStep, long step) {
        static Expected of(PhaseTransition t) {
            return new Expected(t.getLayerStep().getLayer(), t.getFromPhase(), t.getToPhase(), t.getLastStepBefore(),
                    t.getFirstStep(), t.getLayerStep().getStep());
        }
    }

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        SPECTRA.put('R', spectrum("gauss_1000x500"));
        SPECTRA.put('S', spectrum("spiked_1000x500_3spikes"));
        SPECTRA.put('H', spectrum("pareto_mu1.5_1000x500"));
        SPECTRA.put('C', spectrum("lowrank10_1000x500_noise1e-4"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        await(vertx.close());
    }

    private static double[] spectrum(String matrix) {
        return ((LayerAnalysis) DIRECT.analyze(Npy.referenceMatrix(matrix))).spectrum().evals();
    }

    private static Weights renamed(String matrix, String layer) {
        Weights w = Npy.referenceMatrix(matrix);
        return new Weights(layer, w.kind(), w.shape(), w.values());
    }

    /** (a) Weights and spectra over eight steps, published at once so the engine pool finishes them out of order. */
    @Test
    void aScriptedSequenceGivesExactlyTheExpectedTransitions(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 3);
        String group = "phases-" + topics.snapshots();
        Addresses addresses = Addresses.unique();
        List<PhaseTransition> busTransitions = new CopyOnWriteArrayList<>();
        List<io.esdmon.proto.LayerAnalysis> busAnalyses = new CopyOnWriteArrayList<>();
        vertx.eventBus().<PhaseTransition>consumer(addresses.transitions(), m -> busTransitions.add(m.body()));
        vertx.eventBus().<io.esdmon.proto.LayerAnalysis>consumer(addresses.analyses(), m -> busAnalyses.add(m.body()));
        Monitor monitor = await(Monitor.start(vertx, config(broker, topics, group), addresses));
        // fc1 learns (Random-like, Bulk+Spikes, Heavy-Tailed); fc2 flips between two phases without settling
        String fc1 = "RRSSSHHH";
        String fc2 = "RHRHRHRH";
        String spec = "RRRSSSCC";
        Map<Character, Weights> fc1Weights = Map.of('R', renamed("gauss_1000x500", "fc1"),
                'S', renamed("spiked_1000x500_3spikes", "fc1"), 'H', renamed("mlp_bs8_ep150_fc2_512x1024", "fc1"));
        Map<Character, Weights> fc2Weights = Map.of('R', renamed("gauss_1000x500", "fc2"),
                'H', renamed("mlp_bs8_ep150_fc2_512x1024", "fc2"));
        Weights tiny = renamed("gauss_100x8_toosmall", "tiny");
        try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()), topics.snapshots())) {
            for (int i = 0; i < fc1.length(); i++) {
                StepInfo step = StepInfo.of("script", 100L * i);
                publisher.publishStep(step, List.of(fc1Weights.get(fc1.charAt(i)), fc2Weights.get(fc2.charAt(i)),
                        tiny)).get(60, TimeUnit.SECONDS);
                publisher.publishSpectrum(step, "spec", LayerKind.DENSE, 3, SPECTRA.get(spec.charAt(i)), 1000, 500, 1)
                        .get(60, TimeUnit.SECONDS);
            }
        }
        try {
            Map<String, io.esdmon.proto.LayerAnalysis> analyses = readAnalyses(broker, topics.analyses(), 32);
            awaitCommitted(broker, group, topics.snapshots());
            Map<String, String> scripts = Map.of("fc1", fc1, "fc2", fc2, "spec", spec);
            for (io.esdmon.proto.LayerAnalysis a : analyses.values()) {
                String layer = a.getLayerStep().getLayer();
                if (layer.equals("tiny")) {
                    assertFalse(a.hasPhase(), "a skipped layer has no phase");
                    continue;
                }
                char expected = scripts.get(layer).charAt((int) (a.getLayerStep().getStep() / 100));
                assertEquals(phaseOf(expected), a.getPhase().getPhase(), layer + " at " + a.getLayerStep().getStep());
                assertEquals(CLASSIFIER_ID, a.getPhase().getClassifierConfigId());
                assertFalse(a.getPhase().getRule().isEmpty());
            }

            List<Expected> want = List.of(
                    new Expected("fc1", "RANDOM_LIKE", "BULK_PLUS_SPIKES", 100, 200, 200),
                    new Expected("fc1", "BULK_PLUS_SPIKES", "HEAVY_TAILED", 400, 500, 600),
                    new Expected("spec", "RANDOM_LIKE", "BULK_PLUS_SPIKES", 200, 300, 300),
                    new Expected("spec", "BULK_PLUS_SPIKES", "RANK_COLLAPSE", 500, 600, 600));
            List<PhaseTransition> written = transitions(broker, topics);
            assertEquals(want, sorted(written), "esd.transitions");
            for (PhaseTransition t : written) {
                String layer = t.getLayerStep().getLayer();
                long step = t.getLayerStep().getStep();
                io.esdmon.proto.LayerAnalysis confirming = analyses.get(DeterministicIds.analysisId("script", layer, step,
                        CONFIG_ID));
                assertEquals(DeterministicIds.transitionId("script", layer, step, CONFIG_ID, CLASSIFIER_ID),
                        t.getTransitionId());
                assertEquals(confirming.getAnalysisId(), t.getAnalysisId());
                assertEquals(confirming.getPhase().getEvidenceList(), t.getEvidenceList());
                assertEquals(CLASSIFIER_ID, t.getClassifierConfigId());
            }
            awaitSize(() -> busTransitions, want.size());
            assertEquals(want, sorted(busTransitions), "event bus");
            awaitSize(() -> busAnalyses, 32);
            assertEquals(analyses.keySet(), busAnalyses.stream().map(io.esdmon.proto.LayerAnalysis::getAnalysisId)
                    .collect(Collectors.toSet()));
        } finally {
            await(monitor.stop());
        }
    }

    /** The calls the scripts are built on; if the classifier changes, this says which script to revise. */
    @Test
    void marginsTheScriptsRelyOn() {
        var assessor = new io.esdmon.pipeline.engine.PhaseAssessor(ClassifierConfig.DEFAULT);
        double decisive = ClassifierConfig.DEFAULT.hysteresis().decisiveMargin();
        double band = ClassifierConfig.DEFAULT.hysteresis().band();
        Map<Weights, Boolean> weights = Map.of(renamed("gauss_1000x500", "fc1"), true,
                renamed("spiked_1000x500_3spikes", "fc1"), true, renamed("mlp_bs8_ep150_fc2_512x1024", "fc1"), false,
                renamed("gauss_1000x500", "fc2"), true, renamed("mlp_bs8_ep150_fc2_512x1024", "fc2"), false);
        weights.forEach((w, atOnce) -> {
            var p = assessor.assess((LayerAnalysis) DIRECT.analyze(w));
            assertEquals(atOnce, p.getMargin() >= decisive, w.name() + " " + p.getPhase() + " margin " + p.getMargin());
            assertTrue(p.getMargin() >= ClassifierConfig.DEFAULT.hysteresis().backwardBand(), w.name() + " "
                    + p.getMargin());
        });
        Map<Character, Boolean> spectra = Map.of('R', true, 'S', true, 'H', false, 'C', true);
        spectra.forEach((letter, atOnce) -> {
            var p = assessor.assess(DIRECT.analyzeSpectrum("s", LayerKind.DENSE, SPECTRA.get(letter), 1000, 500, 1));
            assertEquals(phaseOf(letter), p.getPhase(), "spectrum " + letter);
            assertEquals(atOnce, p.getMargin() >= decisive, letter + " margin " + p.getMargin());
            assertTrue(p.getMargin() >= band, letter + " margin " + p.getMargin() + " inside the band");
        });
    }

    /**
     * Spectrum-only scripts over steps 0..11 for six layers, with the transitions worked out by hand
     * from the rules: a decisive phase (S, C) is confirmed on its first snapshot, the others on their second.
     */
    private static final Map<String, String> LAYERS = new TreeMap<>(Map.of(
            "l0", "RRRSSSHHHCCC", "l1", "RHRHRHSSSRRR", "l2", "HHHHHRRRRRRR",
            "l3", "RRRRHHHHCCCC", "l4", "HHHHHRRRRRRR", "l5", "RRRRHHHHCCCC"));

    private static List<Expected> expectedFor(String layer) {
        return switch (LAYERS.get(layer)) {
            case "RRRSSSHHHCCC" -> List.of(new Expected(layer, "RANDOM_LIKE", "BULK_PLUS_SPIKES", 2, 3, 3),
                    new Expected(layer, "BULK_PLUS_SPIKES", "HEAVY_TAILED", 5, 6, 7),
                    new Expected(layer, "HEAVY_TAILED", "RANK_COLLAPSE", 8, 9, 9));
            case "RHRHRHSSSRRR" -> List.of(new Expected(layer, "RANDOM_LIKE", "BULK_PLUS_SPIKES", 4, 6, 6),
                    new Expected(layer, "BULK_PLUS_SPIKES", "RANDOM_LIKE", 8, 9, 10));
            // the candidate starts at step 5 and is confirmed at step 6: across the restart or the move
            case "HHHHHRRRRRRR" -> List.of(new Expected(layer, "HEAVY_TAILED", "RANDOM_LIKE", 4, 5, 6));
            // confirmed at step 5, the last step before the restart
            case "RRRRHHHHCCCC" -> List.of(new Expected(layer, "RANDOM_LIKE", "HEAVY_TAILED", 3, 4, 5),
                    new Expected(layer, "HEAVY_TAILED", "RANK_COLLAPSE", 7, 8, 8));
            default -> throw new IllegalStateException(layer);
        };
    }

    private static List<Expected> expectedTransitions() {
        return LAYERS.keySet().stream().flatMap(l -> expectedFor(l).stream()).sorted(BY_LAYER_AND_STEP).toList();
    }

    private static void publishSteps(KafkaBroker broker, EsdTopics topics, String run, int from, int to)
            throws Exception {
        try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()), topics.snapshots())) {
            for (int step = from; step <= to; step++) {
                int index = 0;
                for (var layer : LAYERS.entrySet()) {
                    publisher.publishSpectrum(StepInfo.of(run, step), layer.getKey(), LayerKind.DENSE, index++,
                            SPECTRA.get(layer.getValue().charAt(step)), 1000, 500, 1).get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * (b) A monitor stops after steps 0..5 are committed; then, as if it had crashed before its last
     * commits, the group's offsets are moved back to the first snapshot of step 4 on every partition.
     * A new monitor in the same group rebuilds the phase state from esd.analyses, processes steps 4
     * and 5 again and goes on with 6..11: every expected transition is there, none twice after
     * de-duplication by id, and the only raw duplicates are the transitions confirmed at step 5, the
     * last analysis of their layer, which is processed again.
     */
    @Test
    void aRestartAfterACrashNeitherLosesNorRepeatsATransition(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 4);
        String group = "restart-" + topics.snapshots();
        Monitor first = await(Monitor.start(vertx, config(broker, topics, group)));
        try {
            publishSteps(broker, topics, "restart", 0, 5);
            readAnalyses(broker, topics.analyses(), 36);
            awaitCommitted(broker, group, topics.snapshots());
        } finally {
            await(first.stop());
        }
        Map<TopicPartition, OffsetAndMetadata> rewound = firstOffsetsOfStep(broker, topics, 4);
        try (Admin admin = broker.admin()) {
            admin.alterConsumerGroupOffsets(group, rewound).all().get(30, TimeUnit.SECONDS);
        }
        publishSteps(broker, topics, "restart", 6, 11);
        Addresses addresses = Addresses.unique();
        List<PhaseTransition> bus = new CopyOnWriteArrayList<>();
        vertx.eventBus().<PhaseTransition>consumer(addresses.transitions(), m -> bus.add(m.body()));
        Monitor second = await(Monitor.start(vertx, config(broker, topics, group), addresses));
        try {
            awaitCommitted(broker, group, topics.snapshots());
            List<PhaseTransition> raw = transitions(broker, topics);
            Map<String, List<PhaseTransition>> byId = raw.stream().collect(Collectors.groupingBy(
                    PhaseTransition::getTransitionId));
            byId.values().forEach(copies -> assertEquals(1, copies.stream().map(t -> t.toBuilder().clearDetectedAt()
                    .build()).distinct().count(), "copies of one id must say the same"));
            List<PhaseTransition> distinct = byId.values().stream().map(copies -> copies.get(0)).toList();
            assertEquals(expectedTransitions(), sorted(distinct));
            List<Expected> repeated = byId.values().stream().filter(c -> c.size() > 1).map(c -> Expected.of(c.get(0)))
                    .sorted(BY_LAYER_AND_STEP).toList();
            System.out.printf(Locale.ROOT, "restart: %d transitions written, %d distinct, raw duplicates: %s%n", raw.size(),
                    distinct.size(), repeated);
            assertEquals(List.of(new Expected("l3", "RANDOM_LIKE", "HEAVY_TAILED", 3, 4, 5),
                    new Expected("l5", "RANDOM_LIKE", "HEAVY_TAILED", 3, 4, 5)), repeated);
            assertEquals(raw.size(), distinct.size() + 2);
            // the second monitor announced what it wrote: the repeats of step 5 and everything from step 6
            awaitSize(() -> bus, raw.size() - distinct.size() + (int) distinct.stream()
                    .filter(t -> t.getLayerStep().getStep() >= 6).count());
        } finally {
            await(second.stop());
        }
    }

    /** Per partition of the snapshot topic, the offset of its first record of {@code step}. */
    private static Map<TopicPartition, OffsetAndMetadata> firstOffsetsOfStep(KafkaBroker broker, EsdTopics topics,
            long step) throws InvalidProtocolBufferException {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(broker, topics.snapshots(), WAIT)) {
            SnapshotRecord rec = SnapshotRecord.parseFrom(r.value());
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (rec.getChunk().getHeader().getLayerStep().getStep() >= step && !out.containsKey(tp)) {
                out.put(tp, new OffsetAndMetadata(r.offset()));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    /**
     * (c) Two monitors share the group; after steps 0..5 one of them stops, the other takes its
     * partitions over, rebuilds their layers' state and goes on: every transition exactly once.
     */
    @Test
    void aPartitionMoveContinuesThePhaseState(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 4);
        String group = "move-" + topics.snapshots();
        Addresses leaving = Addresses.unique();
        Addresses staying = Addresses.unique();
        List<io.esdmon.proto.LayerAnalysis> byLeaving = new CopyOnWriteArrayList<>();
        List<io.esdmon.proto.LayerAnalysis> byStaying = new CopyOnWriteArrayList<>();
        vertx.eventBus().<io.esdmon.proto.LayerAnalysis>consumer(leaving.analyses(), m -> byLeaving.add(m.body()));
        vertx.eventBus().<io.esdmon.proto.LayerAnalysis>consumer(staying.analyses(), m -> byStaying.add(m.body()));
        Monitor a = await(Monitor.start(vertx, config(broker, topics, group), leaving));
        Monitor b = await(Monitor.start(vertx, config(broker, topics, group), staying));
        try {
            awaitMembersWithPartitions(broker, group, 2);
            publishSteps(broker, topics, "move", 0, 5);
            readAnalyses(broker, topics.analyses(), 36);
            awaitCommitted(broker, group, topics.snapshots());
            assertFalse(byLeaving.isEmpty(), "the leaving monitor owned some layers");
            assertFalse(byStaying.isEmpty(), "the staying monitor owned some layers");
        } finally {
            await(a.stop());
        }
        try {
            publishSteps(broker, topics, "move", 6, 11);
            awaitCommitted(broker, group, topics.snapshots());
            List<PhaseTransition> raw = transitions(broker, topics);
            assertEquals(expectedTransitions(), sorted(raw), "every transition once, none repeated");
            var laterLayers = byStaying.stream().filter(x -> x.getLayerStep().getStep() >= 6)
                    .map(x -> x.getLayerStep().getLayer()).collect(Collectors.toSet());
            assertEquals(LAYERS.keySet(), laterLayers, "the staying monitor analyzed every layer after the move");
        } finally {
            await(b.stop());
        }
    }

    private static void awaitMembersWithPartitions(KafkaBroker broker, String group, int members) throws Exception {
        try (Admin admin = broker.admin()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30,
                        TimeUnit.SECONDS).get(group);
                if (d.members().size() == members && d.members().stream().allMatch(m -> !m.assignment()
                        .topicPartitions().isEmpty())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " did not settle on " + members + " members: " + d);
                }
                Thread.sleep(200);
            }
        }
    }

    private static final java.util.Comparator<Expected> BY_LAYER_AND_STEP = java.util.Comparator
            .comparing(Expected::layer).thenComparingLong(Expected::step);

    private static List<Expected> sorted(List<PhaseTransition> ts) {
        return ts.stream().map(Expected::of).sorted(BY_LAYER_AND_STEP).toList();
    }

    private static List<PhaseTransition> transitions(KafkaBroker broker, EsdTopics topics) {
        List<PhaseTransition> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(broker, topics.transitions(), WAIT)) {
            try {
                PhaseTransition t = PhaseTransition.parseFrom(r.value());
                assertEquals(t.getLayerStep().getRunId() + "/" + t.getLayerStep().getLayer(),
                        new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), "record key");
                out.add(t);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not a PhaseTransition", e);
            }
        }
        return out;
    }

    private static String phaseOf(char letter) {
        return switch (letter) {
            case 'R' -> "RANDOM_LIKE";
            case 'S' -> "BULK_PLUS_SPIKES";
            case 'H' -> "HEAVY_TAILED";
            case 'C' -> "RANK_COLLAPSE";
            default -> throw new IllegalArgumentException("no phase letter " + letter);
        };
    }

    private static void awaitSize(Supplier<List<?>> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.get().size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(size, list.get().size(), () -> "event bus messages: " + list.get());
    }
}
