package io.esdmon.dashboard;

import com.google.protobuf.Timestamp;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.LayerResult;
import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerKind;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.analysis.AnalysisMessages;
import io.esdmon.wire.analysis.PhaseMessages;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the monitor writes for a snapshot, made the monitor's way: the ESD engine on a real weight
 * matrix (synthetic, of a known phase), the wire format's analysis record with its histogram and
 * fitted curves, the phase classifier's verdict with evidence and correlation traps, and the phase
 * tracker's transitions and tracked phase (default hysteresis). Records go to Kafka keyed by run/layer like
 * the monitor's.
 */
public final class MonitorRecords implements AutoCloseable {

    public static final String CLASSIFIER_CONFIG = "phases-default";

    private final AnalysisOptions options = AnalysisOptions.defaults();
    private final LayerAnalyzer analyzer = new LayerAnalyzer(options);
    private final PhaseClassifier classifier;
    private final String classifierConfigId;
    private final List<Header> headers;
    private final String configId = DeterministicIds.configId(options);
    private final Map<String, PhaseTracker> trackers = new HashMap<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final String analysesTopic;
    private final String transitionsTopic;

    /**
     * One analyzed snapshot and the transition it confirmed, if any.
     *
     * @param phase  the classifier's phase of this snapshot alone
     */
    public record Output(LayerAnalysis analysis, Phase phase, Optional<PhaseTransition> transition) {
        /** The phase the dashboard draws for the snapshot: the layer's tracked phase, else the snapshot's own. */
        public Phase shown() {
            return Phase.valueOf(PhaseMessages.shownPhase(analysis.getPhase()));
        }

        /** Whether the classifier counted at least one correlation trap. */
        public boolean trapped() {
            return analysis.getPhase().getCorrelationTraps() >= 1;
        }
    }

    public MonitorRecords(String bootstrap, String analysesTopic, String transitionsTopic) {
        this(bootstrap, analysesTopic, transitionsTopic, PhaseThresholds.DEFAULTS, CLASSIFIER_CONFIG, Map.of());
    }

    /**
     * Records as a replay writes them: phases under {@code thresholds}, named {@code classifierConfigId},
     * with Kafka {@code headers} ({@link io.esdmon.wire.RecordHeaders}).
     */
    public MonitorRecords(String bootstrap, String analysesTopic, String transitionsTopic, PhaseThresholds thresholds,
            String classifierConfigId, Map<String, String> headers) {
        this.classifier = new PhaseClassifier(thresholds);
        this.classifierConfigId = classifierConfigId;
        this.headers = headers.entrySet().stream().<Header>map(e -> new RecordHeader(e.getKey(),
                e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8))).toList();
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "0"),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.analysesTopic = analysesTopic;
        this.transitionsTopic = transitionsTopic;
    }

    /** Analyzes a synthetic matrix of {@code recipe} as layer {@code layer} of {@code run} at {@code step}. */
    public Output analyze(String run, String layer, int index, long step, Map<String, String> tags, Recipe recipe,
            int n, int m, long seed) {
        LayerStep id = LayerStep.newBuilder().setRunId(run).setLayer(layer).setLayerIndex(index).setStep(step)
                .setEpoch(step / 100).setKind(LayerKind.DENSE).putAllTags(tags)
                .setWallTime(now()).build();
        var weights = SyntheticMatrices.generate(recipe, n, m, seed).toWeights();
        long t0 = System.nanoTime();
        LayerResult result = analyzer.analyze(weights);
        long nanos = System.nanoTime() - t0;
        LayerAnalysis record = AnalysisMessages.of(result, id, UUID.randomUUID().toString(), configId, nanos,
                Instant.now());
        PhaseCall call = classifier.classify((io.esdmon.engine.LayerAnalysis) result);
        record = record.toBuilder().setPhase(PhaseMessages.assessment(call, classifierConfigId)).build();
        PhaseTracker tracker = trackers.computeIfAbsent(run + "/" + layer,
                k -> new PhaseTracker(PhaseTracker.Hysteresis.DEFAULT));
        LayerAnalysis classified = record;
        Optional<PhaseTransition> transition = tracker.observe(step, call.phase(), call.margin())
                .map(t -> PhaseMessages.transition(t, classified, Instant.now()));
        record = PhaseMessages.withTrackedPhase(record, tracker.current());
        return new Output(record, call.phase(), transition);
    }

    /** Sends the analysis, then its transition, as the monitor would; returns the analysis's send. */
    public Future<RecordMetadata> publish(Output o) {
        LayerStep s = o.analysis().getLayerStep();
        byte[] key = RecordKeys.layerKeyBytes(s.getRunId(), s.getLayer());
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(analysesTopic, null, key,
                o.analysis().toByteArray(), headers));
        o.transition().ifPresent(t -> producer.send(new ProducerRecord<>(transitionsTopic, null, key, t.toByteArray(),
                headers)));
        return sent;
    }

    public void flush() {
        producer.flush();
    }

    private static Timestamp now() {
        Instant i = Instant.now();
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
