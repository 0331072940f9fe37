package io.esdmon.metrics;

import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.LocalCodec;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.ingest.IngestStats;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.time.Clock;

/**
 * The monitor's Prometheus metrics: a registry kept current from a running {@link Monitor} and a
 * {@code GET /metrics} route to mount on any Vert.x {@link Router}. Metric names, labels and bounds
 * are listed in docs/prometheus.md.
 *
 * <pre>{@code
 * Addresses addresses = Addresses.unique();
 * MonitorMetrics metrics = MonitorMetrics.start(vertx, addresses, monitorConfig, MetricsConfig.defaults()).await();
 * Monitor monitor = Monitor.start(vertx, monitorConfig, addresses).await();
 * metrics.watch(monitor.stats()).mount(router);
 * }</pre>
 */
public final class MonitorMetrics {

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics pipeline;
    private final String deployment;

    private MonitorMetrics(Vertx vertx, PrometheusMeterRegistry registry, PipelineMetrics pipeline,
            String deployment) {
        this.vertx = vertx;
        this.registry = registry;
        this.pipeline = pipeline;
        this.deployment = deployment;
    }

    /**
     * Starts the metrics of a monitor that runs, or is about to run, on {@code addresses}: subscribe
     * before {@code Monitor.start(vertx, monitorConfig, addresses)} and no analysis is missed; then
     * {@link #watch} the monitor's ingest stats. The consumer lag is read from Kafka with
     * {@code monitorConfig}'s client properties, group and snapshot topic.
     */
    public static Future<MonitorMetrics> start(Vertx vertx, Addresses addresses, MonitorConfig monitorConfig,
            MetricsConfig config) {
        return start(vertx, addresses, monitorConfig, config, Clock.systemUTC());
    }

    /** Starts the metrics of a running monitor (analyses written before this call are not counted). */
    public static Future<MonitorMetrics> start(Vertx vertx, Monitor monitor, MonitorConfig monitorConfig,
            MetricsConfig config) {
        return start(vertx, monitor.addresses(), monitorConfig, config).map(m -> m.watch(monitor.stats()));
    }

    /** As the public start; {@code lagSource} null leaves the lag gauge NaN (no Kafka reads). */
    static Future<MonitorMetrics> start(Vertx vertx, Addresses addresses, MonitorConfig lagSource,
            MetricsConfig config, Clock clock) {
        LocalCodec.register(vertx, LayerAnalysis.class, PhaseTransition.class, DeadLetter.class);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LayerMetrics layers = new LayerMetrics(registry, config, clock);
        PipelineMetrics pipeline = new PipelineMetrics(registry);
        ConsumerLag lag = lagSource == null ? new ConsumerLag(registry, "-", "-")
                : new ConsumerLag(registry, lagSource.groupId(), lagSource.topics().snapshots());
        return vertx.deployVerticle(new MetricsVerticle(addresses, config, layers, pipeline, lag, lagSource))
                .map(id -> new MonitorMetrics(vertx, registry, pipeline, id));
    }

    /** Exports the monitor's ingest counters and gauges (consuming, paused, pending, ...); once per monitor. */
    public MonitorMetrics watch(IngestStats stats) {
        pipeline.watch(stats);
        return this;
    }

    /**
     * Serves {@code GET /metrics} on the router in the format the scraper's Accept header asks for
     * (OpenMetrics for Prometheus, the classic text format otherwise).
     */
    public MonitorMetrics mount(Router router) {
        router.get("/metrics").handler(this::scrape);
        return this;
    }

    private void scrape(RoutingContext ctx) {
        ExpositionFormatWriter writer = FORMATS.findWriter(ctx.request().getHeader("Accept"));
        // thousands of series take milliseconds to format: keep that off the event loop
        vertx.executeBlocking(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, snapshots());
            return Buffer.buffer(out.toByteArray());
        }, false).onSuccess(body -> ctx.response().putHeader("Content-Type", writer.getContentType()).end(body))
                .onFailure(ctx::fail);
    }

    /**
     * What /metrics shows: the registry less Micrometer's {@code _max} gauges (a decaying maximum per
     * timer, whose name would put "max" after the unit; the histogram carries the distribution).
     */
    private MetricSnapshots snapshots() {
        return registry.getPrometheusRegistry().scrape(name -> !name.endsWith("_max"));
    }

    /** The registry behind /metrics (to add meters, or to scrape without HTTP). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops updating (the registry keeps its last values). */
    public Future<Void> stop() {
        return vertx.undeploy(deployment);
    }
}
