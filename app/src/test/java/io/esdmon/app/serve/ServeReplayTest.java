package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.replay.ReplayConfig;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays from the dashboard's REST API of the real {@code esdmon serve} (child JVM, real broker): a run
 * the monitor analyzed is replayed under other thresholds; the identical replay is refused while the first
 * runs; progress is readable until it succeeds; the run then has two analysis versions whose phases differ.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ServeReplayTest {

    private static final String RUN = "served-replay";
    /** Spikes must stand 1000 bulk widths apart to count as separated: the spiked layer is relabelled. */
    private static final String STRICT = "phase.separatedWidths = 1000\nhysteresis.decisive-margin = inf\n";
    private static final String[] STEPS = {"gauss_1000x500", "gauss_1000x500", "spiked_1000x500_3spikes",
        "spiked_1000x500_3spikes", "spiked_1000x500_3spikes"};
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aReplayStartedOverRestIsGuardedWatchedAndBecomesASecondVersion(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        try (ServeProcess serve = ServeProcess.start("--bootstrap", broker.bootstrapServers(), "--http-port", "0",
                "--topic-prefix", prefix, "--group", "serve-" + prefix, "--workers", "1", "--no-create-topics")) {
            List<String> lines = serve.readUntilReady();
            String page = ServeProcess.after(lines, "dashboard: ");
            assertTrue(page != null, "output: " + lines);
            page = page.split(" ")[0];
            try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                    topics.snapshots())) {
                for (int i = 0; i < STEPS.length; i++) {
                    Weights w = Npy.referenceMatrix(STEPS[i]);
                    p.publishStep(StepInfo.of(RUN, 100L * i), List.of(new Weights("fc1", w.kind(), w.shape(),
                            w.values()))).get(60, TimeUnit.SECONDS);
                }
            }
            String runApi = page + "api/runs/" + RUN;
            JsonObject monitorOnly = await(runApi + "/versions", v -> v.getJsonArray("versions").size() == 1
                    && v.getJsonArray("versions").getJsonObject(0).getLong("lastStep") == 400);
            String live = monitorOnly.getJsonArray("versions").getJsonObject(0).getString("id");

            String body = new JsonObject().put("config", STRICT).put("tag", "strict").encode();
            HttpResponse<String> started = post(runApi + "/replays", body);
            assertEquals(202, started.statusCode(), started.body());
            JsonObject job = new JsonObject(started.body());
            ReplayConfig strict = ReplayConfig.parse(STRICT, "test");
            assertEquals(strict.configId() + "~" + strict.classifierConfigId(), job.getString("version"));
            HttpResponse<String> twin = post(runApi + "/replays", new JsonObject().put("config", STRICT).encode());
            assertEquals(409, twin.statusCode(), "an identical replay while the first runs: " + twin.body());
            assertEquals(job.getString("id"), new JsonObject(twin.body()).getString("runningId"));
            HttpResponse<String> bad = post(runApi + "/replays", new JsonObject().put("config", "phase.bogus = 1")
                    .encode());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("bogus"), bad.body());

            JsonObject done = await(page + "api/replays/" + job.getString("id"),
                    j -> !List.of("queued", "running").contains(j.getString("state")));
            assertEquals("succeeded", done.getString("state"), done.encodePrettily());
            assertEquals(done.getLong("recordsTotal"), done.getLong("recordsRead"));
            assertEquals(STEPS.length, done.getLong("snapshots"));
            assertEquals(STEPS.length, done.getLong("analyses"));
            assertTrue(done.getJsonArray("summary").encode().contains("1 layers, 5 steps"), done.encodePrettily());

            JsonObject both = await(runApi + "/versions", v -> v.getJsonArray("versions").size() == 2
                    && v.getJsonArray("versions").getJsonObject(1).getLong("analyses") == STEPS.length);
            JsonObject replayed = both.getJsonArray("versions").getJsonObject(1);
            assertEquals(live, both.getJsonArray("versions").getJsonObject(0).getString("id"), "the monitor's stays primary");
            assertEquals(job.getString("version"), replayed.getString("id"));
            assertEquals(new JsonArray().add("strict"), replayed.getJsonArray("tags"));
            String livePhase = layerPhase(runApi + "/layers");
            String strictPhase = layerPhase(runApi + "/layers?version=" + replayed.getString("id"));
            assertEquals("BULK_PLUS_SPIKES", livePhase);
            assertNotEquals(livePhase, strictPhase, "the stricter spike rule relabels the spiked steps");
            serve.stopWithCtrlC();
        }
    }

    private String layerPhase(String url) throws Exception {
        return get(url).getJsonArray("layers").getJsonObject(0).getString("phase");
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return new JsonObject(r.body());
    }

    /** Polls {@code url} until its answer satisfies {@code until} (404 counts as not yet). */
    private JsonObject await(String url, Predicate<JsonObject> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && until.test(new JsonObject(r.body()))) {
                return new JsonObject(r.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer of " + url + " satisfied the test; last: " + last);
    }
}
