package io.esdmon.replay;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A run whose phases are known, published as a trainer would, and what tests read back. Layer fc1 is
 * WeightWatcher's reference weights (Gaussian R, 3-spike S, the batch-8 MLP layer H) renamed, layer spec the
 * spectra of reference matrices (R, S, C = low rank), layer tiny a matrix too small to analyze; one
 * letter per step 0, 100, ..., 700 (the script of the pipeline's PhasePipelineTest).
 */
final class Script {

    static final String FC1 = "RRSSSHHH";
    static final String SPEC = "RRRSSSCC";
    static final int STEPS = FC1.length();
    static final Duration WAIT = Duration.ofSeconds(120);
    private static final LayerAnalyzer DIRECT = new LayerAnalyzer(AnalysisOptions.defaults());
    private static final Map<Character, double[]> SPECTRA = new HashMap<>();

    /** A transition as a test states it: layer, from, to, last step of the old phase, first of the new, confirming step. */
    record Expected(String layer, String from, String to, long lastStepBefore, long firstStep, long step) {
        static Expected of(PhaseTransition t) {
            return new Expected(t.getLayerStep().getLayer(), t.getFromPhase(), t.getToPhase(), t.getLastStepBefore(),
                    t.getFirstStep(), t.getLayerStep().getStep());
        }
    }

    private Script() {
    }

    static synchronized double[] spectrum(char letter) {
        return SPECTRA.computeIfAbsent(letter, l -> ((LayerAnalysis) DIRECT.analyze(Npy.referenceMatrix(switch (l) {
            case 'R' -> "gauss_1000x500";
            case 'S' -> "spiked_1000x500_3spikes";
            case 'C' -> "lowrank10_1000x500_noise1e-4";
            default -> throw new IllegalArgumentException("no spectrum " + l);
        }))).spectrum().evals());
    }

    private static Weights weights(char letter, String layer) {
        Weights w = Npy.referenceMatrix(switch (letter) {
            case 'R' -> "gauss_1000x500";
            case 'S' -> "spiked_1000x500_3spikes";
            case 'H' -> "mlp_bs8_ep150_fc2_512x1024";
            case 't' -> "gauss_100x8_toosmall";
            default -> throw new IllegalArgumentException("no weights " + letter);
        });
        return new Weights(layer, w.kind(), w.shape(), w.values());
    }

    /** Publishes steps {@code first..last} (indices into the scripts) of the run. */
    static void publish(KafkaBroker broker, String topic, String run, int first, int last) throws Exception {
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topic)) {
            for (int i = first; i <= last; i++) {
                StepInfo step = StepInfo.of(run, 100L * i);
                p.publishStep(step, List.of(weights(FC1.charAt(i), "fc1"), weights('t', "tiny")))
                        .get(60, TimeUnit.SECONDS);
                p.publishSpectrum(step, "spec", LayerKind.DENSE, 2, spectrum(SPEC.charAt(i)), 1000, 500, 1)
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Publishes only the spectrum layer for steps {@code first..last}, letters from {@link #SPEC}. */
    static void publishSpectra(KafkaBroker broker, String topic, String run, int first, int last) throws Exception {
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topic)) {
            for (int i = first; i <= last; i++) {
                p.publishSpectrum(StepInfo.of(run, 100L * i), "spec", LayerKind.DENSE, 0, spectrum(SPEC.charAt(i)),
                        1000, 500, 1).get(60, TimeUnit.SECONDS);
            }
        }
    }

    static String phaseOf(char letter) {
        return switch (letter) {
            case 'R' -> "RANDOM_LIKE";
            case 'B' -> "BLEEDING_OUT";
            case 'S' -> "BULK_PLUS_SPIKES";
            case 'H' -> "HEAVY_TAILED";
            case 'C' -> "RANK_COLLAPSE";
            default -> throw new IllegalArgumentException("no phase letter " + letter);
        };
    }

    /** The replay id a record carries, or null for the monitor's records. */
    static String replayOf(ConsumerRecord<byte[], byte[]> r) {
        return header(r, RecordHeaders.REPLAY);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Records of a topic (up to its end now) that {@code which} selects. */
    static List<ConsumerRecord<byte[], byte[]>> records(KafkaBroker broker, String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> which) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(broker, topic, WAIT)) {
            if (which.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    static io.esdmon.proto.LayerAnalysis analysis(ConsumerRecord<byte[], byte[]> r) {
        try {
            return io.esdmon.proto.LayerAnalysis.parseFrom(r.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a LayerAnalysis", e);
        }
    }

    static PhaseTransition transition(ConsumerRecord<byte[], byte[]> r) {
        try {
            return PhaseTransition.parseFrom(r.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a PhaseTransition", e);
        }
    }

    static List<Expected> sorted(List<PhaseTransition> ts) {
        return ts.stream().map(Expected::of).sorted(Comparator.comparing(Expected::layer)
                .thenComparingLong(Expected::step)).toList();
    }
}
