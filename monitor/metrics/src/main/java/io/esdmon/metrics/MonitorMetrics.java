package io.esdmon.metrics;

import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.ingest.IngestStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The monitor's Prometheus metrics: a registry kept current from a running {@link Monitor} and a
 * {@code GET /metrics} route to mount on any Vert.x {@link Router}. Metric names, labels and bounds
 * are listed in docs/prometheus.md.
 *
 * <pre>{@code
 * MonitorMetrics metrics = MonitorMetrics.start(vertx, monitor, monitorConfig, MetricsConfig.defaults()).await();
 * metrics.mount(router);
 * }</pre>
 */
public final class MonitorMetrics {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final String deployment;

    private MonitorMetrics(Vertx vertx, PrometheusMeterRegistry registry, String deployment) {
        this.vertx = vertx;
        this.registry = registry;
        this.deployment = deployment;
    }

    /**
     * Starts the metrics of a running monitor, including its consumer lag (read from Kafka with
     * {@code monitorConfig}'s client properties, group and snapshot topic).
     */
    public static Future<MonitorMetrics> start(Vertx vertx, Monitor monitor, MonitorConfig monitorConfig,
            MetricsConfig config) {
        return start(vertx, monitor.addresses(), monitor.stats(), monitorConfig, config, Clock.systemUTC());
    }

    /**
     * Starts metrics fed by the event bus {@code addresses} and {@code stats}; {@code lagSource} null
     * leaves the lag gauge NaN (no Kafka reads).
     */
    static Future<MonitorMetrics> start(Vertx vertx, Addresses addresses, IngestStats stats, MonitorConfig lagSource,
            MetricsConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LayerMetrics layers = new LayerMetrics(registry, config, clock);
        PipelineMetrics pipeline = new PipelineMetrics(registry, stats);
        ConsumerLag lag = lagSource == null ? new ConsumerLag(registry, "-", "-")
                : new ConsumerLag(registry, lagSource.groupId(), lagSource.topics().snapshots());
        return vertx.deployVerticle(new MetricsVerticle(addresses, config, layers, pipeline, lag, lagSource))
                .map(id -> new MonitorMetrics(vertx, registry, id));
    }

    /** Serves {@code GET /metrics} on the router: Prometheus text format, or OpenMetrics when asked for. */
    public void mount(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS : PROMETHEUS_TEXT;
        // thousands of series take milliseconds to format: keep that off the event loop
        vertx.executeBlocking(() -> registry.scrape(type), false)
                .onSuccess(body -> ctx.response().putHeader("Content-Type", type).end(body))
                .onFailure(ctx::fail);
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
