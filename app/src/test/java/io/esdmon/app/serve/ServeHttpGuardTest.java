package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.replay.DashboardReplays;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP port of the real serve stack (monitor, dashboard and replays on a real broker) under
 * requests a browser of another site, a rebinding page or a careless client sends: without a token,
 * only names the server knows are answered; malformed paths are 400; state-changing requests must be
 * JSON of the same origin; replays are queued three deep and only for runs the dashboard holds; live
 * streams are capped. Then, with a token, the connection cap and the idle timeout.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ServeHttpGuardTest {

    private static final String RUN = "guarded";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static KafkaBroker broker;
    private static EsdTopics topics;
    private static ServeStack serve;
    private static int port;

    @BeforeAll
    static void start(KafkaBroker b) throws Exception {
        broker = b;
        topics = KafkaBrokerExtension.freshTopics(broker, 1);
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        serve = ServeStack.start(new ServeStack.Settings(monitor(kafka), MetricsConfig.defaults(),
                DashboardConfig.defaults(kafka).withTopics(topics).withBind("127.0.0.1", 0).withMaxStreams(2),
                DashboardReplays.on(kafka, topics, 1, 3), Optional.empty(), "127.0.0.1", 0,
                new HttpLimits(Set.of("esdmon.example"), Duration.ofSeconds(60), 256)));
        port = serve.port();
        try (SnapshotPublisher p = SnapshotPublisher.create(kafka, topics.snapshots())) {
            for (int step = 0; step < 3; step++) {
                p.publishStep(StepInfo.of(RUN, step), List.of(Npy.referenceMatrix("gauss_1000x500")))
                        .get(60, TimeUnit.SECONDS);
            }
        }
        TopicWatch.await(() -> runsAnswer().contains("\"" + RUN + "\""), WAIT,
                () -> "the dashboard never showed run " + RUN + ": " + runsAnswer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            serve.stop(Duration.ofSeconds(60));
        }
    }

    private static MonitorConfig monitor(Map<String, Object> kafka) {
        return MonitorConfig.defaults(kafka).withTopics(topics).withGroupId("guard-" + topics.snapshots())
                .withWorkers(1, 2).withCreateTopics(false);
    }

    /** DNS rebinding: a page whose own name resolves to this server sends that name as Host. */
    @Test
    void withoutATokenOnlyNamesTheServerKnowsAreAnswered() throws Exception {
        for (String path : List.of("/", "/api/runs", "/api/events", "/metrics")) {
            String refused = RawHttp.get(port, path, "rebind.example:" + port);
            assertEquals(403, RawHttp.status(refused), path + ": " + refused);
            assertTrue(refused.contains("--http-allowed-host"), refused);
        }
        assertEquals(200, RawHttp.status(RawHttp.get(port, "/health", "rebind.example:" + port)), "probes pass");
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "esdmon.example",
                "ESDMON.example:" + port)) {
            assertEquals(200, RawHttp.status(RawHttp.get(port, "/api/runs", host)), host);
        }
    }

    @Test
    void aMalformedPathIsABadRequestAndNothingElse() throws Exception {
        for (String path : List.of("/%zz", "/api/runs/%zz/layers", "/%")) {
            String answer = RawHttp.get(port, path, "127.0.0.1:" + port);
            assertEquals(400, RawHttp.status(answer), path + ": " + answer);
            assertTrue(answer.contains("percent-encoding"), answer);
        }
    }

    /**
     * Forms and other origins are refused; a replay of a run the dashboard does not hold is 404
     * before anything is read; one runs and three wait, the fifth is told to come back.
     */
    @Test
    void replaysMustBeSameOriginJsonOfAKnownRunAndQueueThreeDeep() throws Exception {
        String replays = "/api/runs/" + RUN + "/replays";
        assertEquals(415, post(replays, "{}", "Content-Type", "text/plain").statusCode(), "a text/plain form");
        assertEquals(403, post(replays, "{}", "Content-Type", "application/json", "Origin", "http://evil.example")
                .statusCode());
        HttpResponse<String> unknown = post("/api/runs/no-such-run/replays", "{}", "Content-Type", "application/json");
        assertEquals(404, unknown.statusCode(), unknown.body());

        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = post(replays, new JsonObject().put("config", "phase.heavyAlpha = " + (3 + i * 0.1)).encode(),
                    "Content-Type", "application/json");
            statuses.add(last.statusCode());
            if (last.statusCode() == 202) {
                ids.add(new JsonObject(last.body()).getString("id"));
            }
        }
        for (String id : ids) {
            HTTP.send(HttpRequest.newBuilder(uri("/api/replays/" + id)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(List.of(202, 202, 202, 202, 429), statuses, last.body());
        assertEquals("30", last.headers().firstValue("Retry-After").orElse(""));
        assertTrue(last.body().contains("3 queued"), last.body());
    }

    @Test
    void liveStreamsBeyondTheCapAreTurnedAway() throws Exception {
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> s = HTTP.send(HttpRequest.newBuilder(uri("/api/events")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, s.statusCode());
                open.add(s.body());
            }
            HttpResponse<String> third = get("/api/events");
            assertEquals(503, third.statusCode(), third.body());
            assertTrue(third.body().contains("--http-max-streams"), third.body());
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
    }

    /**
     * With a token: a malformed path is still 400 (it used to be a 500 and a stack trace before the
     * token was even checked); connections beyond the cap are closed at once; a connection that sends
     * nothing, or half a request, is closed after the idle timeout.
     */
    @Test
    void connectionsAreCappedAndIdleOnesClosed() throws Exception {
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        ServeStack limited = ServeStack.start(new ServeStack.Settings(monitor(kafka).withGroupId("limits-"
                + topics.snapshots()), MetricsConfig.defaults(), null, null, Optional.of("t0ken"), "127.0.0.1", 0,
                new HttpLimits(Set.of(), Duration.ofSeconds(2), 4)));
        List<Socket> sockets = new ArrayList<>();
        try {
            int p = limited.port();
            assertEquals(400, RawHttp.status(RawHttp.get(p, "/%zz", "127.0.0.1")));
            for (int i = 0; i < 4; i++) {
                sockets.add(RawHttp.connect(p));
            }
            Socket fifth = RawHttp.connect(p);
            sockets.add(fifth);
            assertNotNull(RawHttp.closedWithin(fifth, Duration.ofSeconds(1)), "the fifth connection is closed at once");
            Socket quiet = sockets.get(0);
            assertNull(RawHttp.closedWithin(quiet, Duration.ofMillis(500)), "within the cap and not yet idle");
            Duration idle = RawHttp.closedWithin(quiet, Duration.ofSeconds(10));
            assertNotNull(idle, "a silent connection is closed after the idle timeout");
            sockets.forEach(RawHttp::closeQuietly);
            sockets.clear();
            Socket half = RawHttp.connect(p);
            sockets.add(half);
            half.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertNotNull(RawHttp.closedWithin(half, Duration.ofSeconds(10)), "half a request is closed when idle");
            assertEquals(200, RawHttp.status(RawHttp.get(p, "/health", "127.0.0.1")), "and the port still answers");
        } finally {
            sockets.forEach(RawHttp::closeQuietly);
            limited.stop(Duration.ofSeconds(60));
        }
    }

    private static String runsAnswer() {
        try {
            return get("/api/runs").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
