package io.esdmon.pipeline;

import io.esdmon.pipeline.engine.AnalysisJob;
import io.esdmon.pipeline.engine.AnalysisOutcome;
import io.esdmon.pipeline.engine.EngineVerticle;
import io.esdmon.pipeline.ingest.IngestStats;
import io.esdmon.pipeline.ingest.IngestVerticle;
import io.esdmon.pipeline.output.DeadLetterRecord;
import io.esdmon.pipeline.output.OutputVerticle;
import io.esdmon.pipeline.phase.PhaseVerticle;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.wire.topics.TopicAdmin;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's stream pipeline on a Vert.x instance: creates the topics if allowed, then deploys
 * the output verticle (Kafka producer), the engine verticle (worker pool), the phase stage when
 * {@link MonitorConfig#phases()} is set ({@link PhaseVerticle}) and the ingest verticle (consumer),
 * in that order so that nothing is consumed before it can be processed; {@link #stop} undeploys in
 * reverse order.
 */
public final class Monitor {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final Vertx vertx;
    private final Addresses addresses;
    private final IngestStats stats;
    private final List<String> deployments;

    private Monitor(Vertx vertx, Addresses addresses, IngestStats stats, List<String> deployments) {
        this.vertx = vertx;
        this.addresses = addresses;
        this.stats = stats;
        this.deployments = deployments;
    }

    /**
     * Starts a monitor on event bus addresses of its own ({@link Addresses#unique()}): with phases
     * (the default config) analyses and transitions go through the phase stage, without them analyses
     * go straight to esd.analyses.
     */
    public static Future<Monitor> start(Vertx vertx, MonitorConfig config) {
        return start(vertx, config, Addresses.unique());
    }

    /**
     * As {@link #start(Vertx, MonitorConfig)} on {@code addresses}, so that a caller can subscribe to
     * {@link Addresses#analyses()} and {@link Addresses#transitions()} before anything is consumed.
     */
    public static Future<Monitor> start(Vertx vertx, MonitorConfig config, Addresses addresses) {
        if (config.phases().isEmpty()) {
            return deploy(vertx, config, addresses, addresses.writeAnalysis(), Optional.empty());
        }
        return deploy(vertx, config, addresses, addresses.classify(),
                Optional.of(new PhaseVerticle(config, addresses, Clock.systemUTC())));
    }

    /**
     * Starts a monitor on {@code addresses} whose analyses go to {@code analysisSink} (see
     * {@link Addresses}); the caller deploys whatever serves that address. The engine still fills the
     * phase when {@link MonitorConfig#phases()} is set, but no phase stage is deployed and the ingest
     * does not wait for partition state.
     */
    public static Future<Monitor> start(Vertx vertx, MonitorConfig config, Addresses addresses,
            String analysisSink) {
        return deploy(vertx, config, addresses, analysisSink, Optional.empty());
    }

    private static Future<Monitor> deploy(Vertx vertx, MonitorConfig config, Addresses addresses,
            String analysisSink, Optional<Deployable> phaseStage) {
        LocalCodec.register(vertx, AnalysisJob.class, AnalysisOutcome.Analyzed.class, AnalysisOutcome.Failed.class,
                LayerAnalysis.class, PhaseTransition.class, DeadLetterRecord.class, DeadLetter.class,
                SnapshotManifest.class, SnapshotPartitions.class);
        IngestStats stats = new IngestStats();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Future<Void> topics = config.createTopics() ? vertx.executeBlocking(() -> {
            createTopics(config);
            return null;
        }) : Future.succeededFuture();
        return topics
                .compose(v -> vertx.deployVerticle(new OutputVerticle(config, addresses))).onSuccess(ids::add)
                .compose(v -> vertx.deployVerticle(new EngineVerticle(config, addresses))).onSuccess(ids::add)
                .compose(v -> phaseStage.map(d -> vertx.deployVerticle(d)).orElse(Future.succeededFuture(null)))
                .onSuccess(id -> {
                    if (id != null) {
                        ids.add(id);
                    }
                })
                .compose(v -> vertx.deployVerticle(new IngestVerticle(config, addresses, analysisSink, stats,
                        phaseStage.isPresent()))).onSuccess(ids::add)
                .map(v -> new Monitor(vertx, addresses, stats, ids))
                .onFailure(e -> ids.forEach(vertx::undeploy));
    }

    private static void createTopics(MonitorConfig config) {
        try (Admin admin = Admin.create(config.kafka())) {
            int brokers = admin.describeCluster().nodes().get().size();
            for (TopicAdmin.Outcome o : new TopicAdmin(admin, Duration.ofSeconds(30))
                    .ensure(config.topics().specs(config.topicPartitions(), brokers))) {
                LOG.info("{}", o.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka at " + config.kafka().get(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " to create topics: " + e.getCause().getMessage(), e);
        }
    }

    /** The event bus addresses of this monitor (subscribe to {@link Addresses#analyses()} for live analyses). */
    public Addresses addresses() {
        return addresses;
    }

    /** Live counters; {@link IngestStats#subscribed()} is the health signal. */
    public IngestStats stats() {
        return stats;
    }

    /** Stops consuming (after a last commit), then the engine, then the producer. */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        List<String> reversed = new ArrayList<>(deployments);
        Collections.reverse(reversed);
        for (String id : reversed) {
            chain = chain.compose(v -> vertx.undeploy(id));
        }
        return chain;
    }
}
