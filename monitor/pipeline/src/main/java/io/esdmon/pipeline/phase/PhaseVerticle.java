package io.esdmon.pipeline.phase;

import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.SnapshotPartitions;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phase stage: tracks every owned layer's phase and turns confirmed changes into transitions. It
 * serves {@link Addresses#classify()} as the ingest's analysis sink: each classified analysis (its
 * phase was filled on the engine pool) goes to its layer's tracker, then any transition it confirms
 * is written through {@link Addresses#writeTransition()} first and the analysis through
 * {@link Addresses#writeAnalysis()} second, and the ingest gets its reply only once both are
 * acknowledged. A crash between the two writes therefore leads to reprocessing that writes the same
 * transition id again, never to a lost transition. The output verticle publishes both on the event
 * bus once written.
 *
 * <p>When the ingest is assigned snapshot partitions ({@link Addresses#partitionsAssigned()}) the
 * layers of those partitions get their state back from esd.analyses ({@link AnalysisHistory},
 * {@link PhaseReplay}) on a worker thread before the ingest consumes them; revoked partitions'
 * layers are forgotten.
 */
public final class PhaseVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseVerticle.class);

    private final MonitorConfig config;
    private final ClassifierConfig classifier;
    private final Addresses addresses;
    private final Clock clock;
    private final String configId;
    private final String classifierConfigId;
    private final Map<Integer, Long> ownership = new HashMap<>();
    private PhaseStates states;
    private AnalysisHistory history;
    private List<MessageConsumer<?>> consumers;
    private long ownershipChanges;

    /** A phase stage for {@code config}, whose {@link MonitorConfig#phases()} must be set. */
    public PhaseVerticle(MonitorConfig config, Addresses addresses, Clock clock) {
        this.config = config;
        this.classifier = config.phases().orElseThrow(() -> new IllegalArgumentException(
                "the phase stage needs MonitorConfig.phases(); use MonitorConfig.withPhases(ClassifierConfig.DEFAULT)"));
        this.addresses = addresses;
        this.clock = clock;
        this.configId = DeterministicIds.configId(config.analysis());
        this.classifierConfigId = DeterministicIds.classifierConfigId(classifier);
    }

    @Override
    public Future<?> start() {
        states = new PhaseStates(classifier.hysteresis());
        history = new AnalysisHistory(config.kafkaStrings(), config.topics().snapshots(), config.topics().analyses(),
                Duration.ofMinutes(2));
        var bus = vertx.eventBus();
        consumers = List.of(bus.<LayerAnalysis>consumer(addresses.classify(), this::onAnalysis),
                bus.<SnapshotPartitions>consumer(addresses.partitionsAssigned(), this::onAssigned),
                bus.<SnapshotPartitions>consumer(addresses.partitionsRevoked(), this::onRevoked));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private void onAnalysis(Message<LayerAnalysis> request) {
        LayerAnalysis analysis = request.body();
        LayerPhases.Observed observed;
        try {
            observed = states.observe(partition(request), analysis, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("phase of {} at step {} not tracked: {}", PhaseStates.key(analysis), analysis.getLayerStep()
                    .getStep(), e.toString());
            observed = new LayerPhases.Observed(analysis, Optional.empty());
        }
        LayerAnalysis written = observed.analysis();
        Optional<PhaseTransition> transition = observed.transition();
        transition.ifPresent(t -> LOG.info("{} {} -> {} at step {} (first seen at {})", PhaseStates.key(written),
                t.getFromPhase(), t.getToPhase(), t.getLayerStep().getStep(), t.getFirstStep()));
        DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(config.analysisTimeout().toMillis());
        Future<?> first = transition.isPresent()
                ? vertx.eventBus().request(addresses.writeTransition(), transition.get(), timeout)
                : Future.succeededFuture();
        first.compose(v -> vertx.eventBus().request(addresses.writeAnalysis(), written, timeout))
                .onSuccess(reply -> request.reply(reply.body()))
                .onFailure(e -> request.fail(1, "writing the outputs of " + written.getAnalysisId() + " failed: "
                        + e.getMessage()));
    }

    /**
     * Rebuilds the layers of newly assigned partitions from their history, then replies. A partition
     * revoked (or assigned again) while its history was read keeps the newer state.
     */
    private void onAssigned(Message<SnapshotPartitions> request) {
        Set<Integer> partitions = request.body().partitions();
        Map<Integer, Long> stamps = new HashMap<>();
        for (int p : partitions) {
            ownership.put(p, ++ownershipChanges);
            stamps.put(p, ownershipChanges);
        }
        PhaseReplay replay = new PhaseReplay(classifier.hysteresis(), configId, classifierConfigId);
        vertx.executeBlocking(() -> history.read(partitions, replay)).onSuccess(stats -> {
            int layers = 0;
            for (int p : partitions) {
                if (stamps.get(p).equals(ownership.get(p))) {
                    states.install(p, replay.layers(p));
                    layers += replay.layers(p).size();
                }
            }
            LOG.info("phase state of snapshot partitions {} rebuilt in {} ms: {} layers from {} of {} analyses read"
                    + "{}", request.body(), stats.millis(), layers, replay.replayed(), stats.records(),
                    stats.aligned() ? "" : " (all " + stats.partitionsRead() + " analysis partitions)");
            request.reply(null);
        }).onFailure(e -> {
            LOG.warn("rebuilding the phase state of snapshot partitions {} failed: {}", request.body(), e.toString());
            request.fail(1, "rebuilding phase state failed: " + e.getMessage());
        });
    }

    private void onRevoked(Message<SnapshotPartitions> message) {
        Set<Integer> partitions = message.body().partitions();
        for (int p : partitions) {
            ownership.put(p, ++ownershipChanges);
        }
        int dropped = states.drop(partitions);
        LOG.info("snapshot partitions {} moved away: phase state of {} layers dropped", message.body(), dropped);
    }

    /** The snapshot partition of a sink request, -1 when the sender did not say (its layers are never dropped). */
    private static int partition(Message<?> m) {
        String p = m.headers().get(Addresses.PARTITION_HEADER);
        try {
            return p == null ? -1 : Integer.parseInt(p);
        } catch (NumberFormatException e) {
            LOG.warn("{} header '{}' is not a partition number; the layer is kept until the stage stops",
                    Addresses.PARTITION_HEADER, p);
            return -1;
        }
    }
}
