package io.esdmon.app.serve;

import io.esdmon.app.HysteresisFlags;
import io.esdmon.app.KafkaFlags;
import io.esdmon.app.PhaseFlags;
import io.esdmon.app.analyze.AnalysisFlags;
import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.metrics.MonitorMetrics;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.ingest.IngestStats;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esdmon serve}: runs the monitor's pipeline and/or the dashboard, with a health endpoint and
 * Prometheus metrics, on one HTTP port until Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the monitor: consumes layer snapshots from Kafka, analyzes and classifies them on a worker"
                + " pool, writes analyses, phase transitions (and dead letters) back to Kafka; GET /health answers"
                + " 200 while it is consuming, GET /metrics shows Prometheus metrics (docs/prometheus.md). Runs until"
                + " Ctrl-C, which commits what is done and stops cleanly.",
                "With --role all (the default) it also serves the live dashboard on the same port (/ and /api/*);"
                        + " --role monitor runs the pipeline alone, --role dashboard the dashboard alone (to scale"
                        + " them separately).",
                "Kafka client properties: --kafka-config FILE, then ESDMON_KAFKA_* environment variables, then"
                        + " --kafka-property and --bootstrap; later ones win."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaFlags kafka;

    /** What this process runs. */
    public enum Role { ALL, MONITOR, DASHBOARD }

    @Option(names = "--role", defaultValue = "all", description = "all, monitor or dashboard (default: all)")
    Role role;

    @Option(names = "--http-port", defaultValue = "8080", description = "port of GET /health, GET /metrics and the dashboard"
            + " (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "address the HTTP server binds to"
            + " (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
    String httpHost;

    @Mixin
    DashboardFlags dashboardFlags;

    @Option(names = "--group", defaultValue = MonitorConfig.DEFAULT_GROUP,
            description = "consumer group (default: ${DEFAULT-VALUE}); instances in one group share the work")
    String group;

    @Option(names = "--topic-prefix", defaultValue = "", description = "prefix of the four topic names")
    String topicPrefix;

    @Option(names = "--no-create-topics", description = "do not create missing topics at start")
    boolean noCreateTopics;

    @Mixin
    CapacityFlags capacity;

    @Mixin
    AnalysisFlags analysis;

    @Mixin
    PhaseFlags phases;

    @Mixin
    HysteresisFlags hysteresis;

    @Mixin
    MetricsFlags metricsFlags;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MonitorConfig config;
        DashboardConfig dashboardConfig;
        MetricsConfig metricsConfig;
        try {
            config = config();
            dashboardConfig = dashboardFlags.toConfig(config.kafka(), config.topics(), httpHost, httpPort,
                    System.getenv());
            metricsConfig = metricsFlags.toConfig();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("esdmon serve: " + e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        Monitor monitor = null;
        MonitorMetrics metrics = null;
        Dashboard dashboard = null;
        HttpServer http;
        try {
            Router router = Router.router(vertx);
            if (role != Role.DASHBOARD) {
                Addresses addresses = Addresses.unique();
                // subscribed before the monitor consumes, so the metrics count every analysis
                metrics = MonitorMetrics.start(vertx, addresses, config, metricsConfig).toCompletionStage()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                monitor = Monitor.start(vertx, config, addresses).toCompletionStage().toCompletableFuture().get(120,
                        TimeUnit.SECONDS);
                metrics.watch(monitor.stats()).mount(router);
            }
            IngestStats stats = monitor == null ? null : monitor.stats();
            if (role != Role.MONITOR) {
                dashboard = Dashboard.create(vertx, dashboardConfig);
                dashboard.mount(router);
            }
            Dashboard board = dashboard;
            router.get("/health").handler(ctx -> health(ctx.request(), stats, board));
            http = vertx.createHttpServer(new HttpServerOptions().setHost(httpHost).setPort(httpPort))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (dashboard != null) {
                dashboard.start();
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            err.println("esdmon serve: could not start: " + (e.getCause() != null ? e.getCause().getMessage() : e));
            if (dashboard != null) {
                dashboard.close();
            }
            if (metrics != null) {
                metrics.stop();
            }
            vertx.close();
            return 1;
        }
        Monitor runningMonitor = monitor;
        MonitorMetrics runningMetrics = metrics;
        Dashboard runningDashboard = dashboard;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("esdmon serve: stopping");
            out.flush();
            try {
                if (runningDashboard != null) {
                    runningDashboard.close();
                }
                Future<Void> monitorStopped = runningMonitor == null ? Future.succeededFuture() : runningMonitor.stop();
                Future<Void> metricsStopped = runningMetrics == null ? Future.succeededFuture() : runningMetrics.stop();
                Future.all(http.close(), monitorStopped, metricsStopped).eventually(vertx::close).toCompletionStage()
                        .toCompletableFuture().get(60, TimeUnit.SECONDS);
                out.println("esdmon serve: stopped");
            } catch (Exception e) {
                out.println("esdmon serve: stopped with an error: " + e.getMessage());
            }
            out.flush();
            stopped.countDown();
        }, "esdmon-serve-shutdown"));
        String host = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "localhost" : httpHost;
        if (monitor != null) {
            out.println("esdmon serve: consuming " + config.topics().snapshots() + " in group " + config.groupId()
                    + " from " + config.kafka().get("bootstrap.servers") + " with " + config.workers()
                    + (config.workers() == 1 ? " engine thread" : " engine threads") + ", analysis config "
                    + DeterministicIds.configId(config.analysis()) + ", classifier config "
                    + DeterministicIds.classifierConfigId(config.phases().orElseThrow()));
        }
        out.println("health: http://" + host + ":" + http.actualPort() + "/health");
        if (metrics != null) {
            out.println("metrics: http://" + host + ":" + http.actualPort() + "/metrics (at most "
                    + metricsConfig.maxLayerSeries() + " layers; runs idle for " + metricsFlags.idleExpiry + " expire)");
        }
        if (dashboard != null) {
            out.println("dashboard: http://" + host + ":" + http.actualPort() + "/ (reading "
                    + dashboardConfig.analysesTopic() + " and " + dashboardConfig.transitionsTopic() + " from "
                    + config.kafka().get("bootstrap.servers") + ")");
        }
        out.println("press Ctrl-C to stop");
        out.flush();
        stopped.await();
        return 0;
    }

    private MonitorConfig config() {
        MonitorConfig c = MonitorConfig.defaults(kafka.resolve())
                .withTopics(topicPrefix.isEmpty() ? EsdTopics.DEFAULT : EsdTopics.withPrefix(topicPrefix))
                .withGroupId(group).withAnalysis(analysis.toOptions())
                .withPhases(new ClassifierConfig(phases.thresholds(), hysteresis.hysteresis()));
        c = capacity.applyTo(c);
        if (noCreateTopics) {
            c = c.withCreateTopics(false);
        }
        return c;
    }

    /** Healthy while the monitor (when it runs) consumes; the dashboard part reports its Kafka condition. */
    private static void health(HttpServerRequest req, IngestStats stats, Dashboard dashboard) {
        boolean up = stats == null || stats.subscribed();
        JsonObject body = new JsonObject();
        if (stats != null) {
            body.put("status", up ? "consuming" : "not consuming")
                    .put("records", stats.records()).put("snapshots", stats.snapshots())
                    .put("analyses", stats.analysesWritten()).put("deadLetters", stats.deadLetters())
                    .put("pending", stats.pending()).put("peakPending", stats.peakPending())
                    .put("pauses", stats.pauses())
                    .put("bytesInFlight", stats.bytesInFlight()).put("peakBytesInFlight", stats.peakBytesInFlight())
                    .put("heapUsed", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                    .put("heapMax", Runtime.getRuntime().maxMemory());
        } else {
            body.put("status", "serving");
        }
        if (dashboard != null) {
            body.put("dashboard", dashboard.status().getString("condition"));
        }
        req.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
