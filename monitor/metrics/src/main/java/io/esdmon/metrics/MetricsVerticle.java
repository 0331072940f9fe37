package io.esdmon.metrics;

import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the metrics current on one Vert.x context: updates them from the monitor's event bus
 * (analyses, transitions, dead letters), sweeps idle runs periodically and reads the consumer lag
 * periodically on a worker thread.
 */
final class MetricsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsVerticle.class);

    private final Addresses addresses;
    private final MetricsConfig config;
    private final LayerMetrics layers;
    private final PipelineMetrics pipeline;
    private final ConsumerLag lag;
    private final MonitorConfig lagSource;
    private final List<Long> timers = new java.util.ArrayList<>();
    private List<MessageConsumer<?>> consumers;
    private Admin admin;
    private boolean reading;
    private boolean lagFailing;
    private boolean stopping;

    /** @param lagSource  the monitor's Kafka settings, group and topic to read the lag of; null for none */
    MetricsVerticle(Addresses addresses, MetricsConfig config, LayerMetrics layers, PipelineMetrics pipeline,
            ConsumerLag lag, MonitorConfig lagSource) {
        this.addresses = addresses;
        this.config = config;
        this.layers = layers;
        this.pipeline = pipeline;
        this.lag = lag;
        this.lagSource = lagSource;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        consumers = List.of(bus.<LayerAnalysis>consumer(addresses.analyses(), m -> {
            layers.record(m.body());
            pipeline.onAnalysis(m.body());
        }), bus.<PhaseTransition>consumer(addresses.transitions(), m -> layers.record(m.body())),
                bus.<DeadLetter>consumer(addresses.deadLetters(), m -> pipeline.onDeadLetter(m.body())));
        timers.add(vertx.setPeriodic(config.sweepInterval().toMillis(), t -> layers.expireIdle()));
        if (lagSource != null) {
            timers.add(vertx.setPeriodic(0, config.lagInterval().toMillis(), t -> readLag()));
        }
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private void readLag() {
        if (reading || stopping) {
            return; // the previous reading is still waiting for Kafka, or the admin client is going away
        }
        reading = true;
        vertx.executeBlocking(() -> {
            if (admin == null) {
                Map<String, Object> props = new HashMap<>(lagSource.kafka());
                props.put("client.id", "esdmon-monitor-lag");
                admin = Admin.create(props);
            }
            lag.poll(admin);
            return null;
        }, false).onComplete(done -> {
            reading = false;
            if (stopping) {
                return; // a reading cut short by stop() closing the admin client says nothing about Kafka
            }
            if (done.failed() && !lagFailing) {
                LOG.warn("{}; the lag gauge is NaN until a reading succeeds", done.cause().getMessage());
            } else if (done.succeeded() && lagFailing) {
                LOG.info("consumer lag readable again");
            }
            lagFailing = done.failed();
        });
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        timers.forEach(vertx::cancelTimer);
        Future<?> unregistered = Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
        return unregistered.eventually(() -> vertx.executeBlocking(() -> {
            if (admin != null) {
                admin.close(java.time.Duration.ofSeconds(5));
            }
            return null;
        }));
    }
}
