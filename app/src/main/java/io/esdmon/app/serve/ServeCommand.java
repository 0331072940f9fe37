package io.esdmon.app.serve;

import io.esdmon.app.HysteresisFlags;
import io.esdmon.app.KafkaFlags;
import io.esdmon.app.PhaseFlags;
import io.esdmon.app.analyze.AnalysisFlags;
import io.esdmon.app.replay.DashboardReplays;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.topics.EsdTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Mixin
    HttpFlags httpFlags;

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
        HttpLimits httpLimits;
        try {
            config = config();
            dashboardConfig = httpFlags.applyTo(dashboardFlags.toConfig(config.kafka(), config.topics(), httpHost,
                    httpPort));
            metricsConfig = metricsFlags.toConfig();
            httpLimits = httpFlags.toLimits();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("esdmon serve: " + e.getMessage());
            return 2;
        }
        Optional<String> refused = KafkaPreflight.loginRefusal(config.kafka(), Duration.ofSeconds(20));
        if (refused.isPresent()) {
            err.println("esdmon serve: " + refused.get());
            return 1;
        }
        ServeStack stack;
        try {
            // replays started from the dashboard: one at a time, on one engine thread (docs/replay.md)
            stack = ServeStack.start(new ServeStack.Settings(role != Role.DASHBOARD ? config : null, metricsConfig,
                    role != Role.MONITOR ? dashboardConfig : null, role != Role.MONITOR
                            ? DashboardReplays.on(config.kafka(), config.topics(), 1, dashboardFlags.replayQueue) : null,
                    dashboardFlags.httpToken(System.getenv()), httpHost, httpPort, httpLimits));
        } catch (IllegalStateException e) {
            err.println("esdmon serve: could not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("esdmon serve: stopping");
            out.flush();
            try {
                stack.stop(Duration.ofSeconds(60));
                out.println("esdmon serve: stopped");
            } catch (Exception e) {
                out.println("esdmon serve: stopped with an error: " + e.getMessage());
            }
            out.flush();
            stopped.countDown();
        }, "esdmon-serve-shutdown"));
        if (stack.monitor().isPresent()) {
            out.println("esdmon serve: consuming " + config.topics().snapshots() + " in group " + config.groupId()
                    + " from " + config.kafka().get("bootstrap.servers") + " with " + config.workers()
                    + (config.workers() == 1 ? " engine thread" : " engine threads") + ", analysis config "
                    + DeterministicIds.configId(config.analysis()) + ", classifier config "
                    + DeterministicIds.classifierConfigId(config.phases().orElseThrow()));
        }
        out.println("health: " + stack.url("/health"));
        if (stack.metrics().isPresent()) {
            out.println("metrics: " + stack.url("/metrics") + " (at most " + metricsConfig.maxLayerSeries()
                    + " layers; runs idle for " + metricsFlags.idleExpiry + " expire)");
        }
        if (stack.dashboard().isPresent()) {
            out.println("dashboard: " + stack.url("/") + " (reading " + dashboardConfig.analysesTopic() + " and "
                    + dashboardConfig.transitionsTopic() + " from " + config.kafka().get("bootstrap.servers") + ")");
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
}
