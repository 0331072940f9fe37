package io.esdmon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.RequiredTool;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof: a real Prometheus (Debian's /usr/bin/prometheus, a child process on 127.0.0.1) scrapes
 * a monitor fed by a real broker, evaluates deploy/prometheus/esdmon-alerts.yml unchanged every
 * second, and reports EsdmonPhaseTransition firing through its HTTP API once a layer goes from
 * Random-like (a Gaussian matrix) to Bulk+Spikes (the same size with a planted rank-2 signal whose call
 * clears the tracker's band, published at two steps for its dwell). It also checks that every metric the
 * deploy files name is stored by that Prometheus.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RealPrometheusTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPhaseChangeFiresTheTransitionAlertInPrometheus(KafkaBroker broker, @TempDir Path dir) throws Exception {
        Path prometheus = RequiredTool.require("/usr/bin/prometheus", "prometheus");
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        MonitorConfig config = MonitorConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                .withTopics(topics).withGroupId("prom-" + topics.snapshots()).withWorkers(1, 2).withCreateTopics(false);
        Vertx vertx = Vertx.vertx();
        Process server = null;
        try {
            Addresses addresses = Addresses.unique();
            List<PhaseTransition> transitions = new CopyOnWriteArrayList<>();
            vertx.eventBus().<PhaseTransition>consumer(addresses.transitions(), m -> transitions.add(m.body()));
            MonitorMetrics metrics = LiveMetrics.await(MonitorMetrics.start(vertx, addresses, config,
                    MetricsConfig.defaults().withLagInterval(Duration.ofSeconds(1))));
            Monitor monitor = LiveMetrics.await(Monitor.start(vertx, config, addresses));
            Router router = Router.router(vertx);
            metrics.watch(monitor.stats()).mount(router);
            HttpServer endpoint = LiveMetrics.await(vertx.createHttpServer().requestHandler(router)
                    .listen(0, "127.0.0.1"));

            int port = freePort();
            server = startPrometheus(prometheus, dir, endpoint.actualPort(), port);
            String api = "http://127.0.0.1:" + port;
            JsonObject up = poll(api, "/api/v1/query?query=" + encode("up{job=\"esdmon\"} == 1"),
                    r -> !r.getJsonObject("data").getJsonArray("result").isEmpty(), server, dir);
            assertEquals(1, up.getJsonObject("data").getJsonArray("result").size(), "the monitor is a healthy target");

            Weights gauss = Npy.referenceMatrix("gauss_1000x500");
            Weights spiked = SyntheticMatrices.generate(Recipe.STRONG_SIGNAL, 1000, 500, 0).toWeights();
            try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), topics.snapshots())) {
                long step = 0;
                for (Weights w : List.of(gauss, spiked, spiked)) {
                    publisher.publishStep(StepInfo.of("prom-run", ++step), List.of(asLayer("fc1", w)))
                            .get(60, TimeUnit.SECONDS);
                }
            }

            JsonObject alerts = poll(api, "/api/v1/alerts", r -> firing(r, "EsdmonPhaseTransition").stream()
                    .anyMatch(a -> "prom-run".equals(label(a, "run"))), server, dir);
            List<JsonObject> fired = firing(alerts, "EsdmonPhaseTransition");
            assertEquals(1, fired.size(), "one transition alert: " + alerts);
            JsonObject alert = fired.get(0);
            assertEquals("fc1", label(alert, "layer"));
            assertEquals("RANDOM_LIKE", label(alert, "from"));
            assertEquals("BULK_PLUS_SPIKES", label(alert, "to"));
            assertEquals("info", label(alert, "severity"));
            assertEquals("Layer fc1 of run prom-run moved from RANDOM_LIKE to BULK_PLUS_SPIKES",
                    alert.getJsonObject("annotations").getString("summary"));
            // what the monitor itself emitted (a layer's first phase is on its analysis, not a transition)
            assertEquals(List.of("RANDOM_LIKE/BULK_PLUS_SPIKES"), transitions.stream()
                    .map(t -> t.getFromPhase() + "/" + t.getToPhase()).toList());
            Set<String> firingNames = alerts.getJsonObject("data").getJsonArray("alerts").stream()
                    .map(a -> (JsonObject) a).filter(a -> "firing".equals(a.getString("state")))
                    .map(a -> label(a, "alertname")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("EsdmonPhaseTransition"), firingNames, "no other alert fires for a healthy monitor");

            // the state set and the lag (read from Kafka every second) as Prometheus stored them
            poll(api, "/api/v1/query?query=" + encode("esdmon_layer_phase{run=\"prom-run\",layer=\"fc1\","
                    + "phase=\"BULK_PLUS_SPIKES\"} == 1"), r -> !r.getJsonObject("data").getJsonArray("result")
                    .isEmpty(), server, dir);
            poll(api, "/api/v1/query?query=" + encode("esdmon_consumer_lag_records == 0"),
                    r -> !r.getJsonObject("data").getJsonArray("result").isEmpty(), server, dir);

            Set<String> stored = storedNames(api);
            Set<String> missing = new TreeSet<>();
            DeployFiles.expressions().forEach(e -> PromQlNames.metricNames(e.promql()).stream()
                    .filter(n -> !stored.contains(n)).forEach(missing::add));
            assertEquals(Set.of(), missing, "metrics named in deploy/ that Prometheus never scraped; it has " + stored);

            LiveMetrics.await(endpoint.close());
            LiveMetrics.await(monitor.stop());
            LiveMetrics.await(metrics.stop());
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            LiveMetrics.await(vertx.close());
        }
    }

    private static Weights asLayer(String layer, Weights w) {
        return new Weights(layer, w.kind(), w.shape(), w.values());
    }

    private static Process startPrometheus(Path prometheus, Path dir, int target, int port) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + DeployFiles.prometheusRules().toAbsolutePath(),
                "scrape_configs:",
                "  - job_name: esdmon",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + target + "']",
                ""));
        return new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** GETs a Prometheus API path until the JSON answer satisfies {@code done}; fails after {@link #WAIT}. */
    private JsonObject poll(String api, String path, Predicate<JsonObject> done, Process server, Path dir)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("prometheus exited with " + server.exitValue() + ":\n"
                        + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && done.test(new JsonObject(r.body()))) {
                    return new JsonObject(r.body());
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus " + path + " not as expected within " + WAIT + "; last answer: " + last
                + "\nlog:\n" + Files.readString(dir.resolve("prometheus.log")));
    }

    private Set<String> storedNames(String api) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/label/__name__/values"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("data").stream().map(Object::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonObject> firing(JsonObject alerts, String name) {
        JsonArray all = alerts.getJsonObject("data").getJsonArray("alerts");
        return all.stream().map(a -> (JsonObject) a).filter(a -> "firing".equals(a.getString("state"))
                && name.equals(label(a, "alertname"))).toList();
    }

    private static String label(JsonObject alert, String name) {
        return alert.getJsonObject("labels").getString(name);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
