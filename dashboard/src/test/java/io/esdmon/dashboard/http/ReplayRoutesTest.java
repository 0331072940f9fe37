package io.esdmon.dashboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.dashboard.Records;
import io.esdmon.dashboard.replay.ReplayBusyException;
import io.esdmon.dashboard.replay.ReplayConflictException;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.replay.ReplayView;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.RecordOrigin;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.phases.Phase;
import io.esdmon.proto.LayerAnalysis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Analysis versions over REST ({@code /versions}, {@code ?version=}) and the replay endpoints' answers
 * (202, 409 with the running id, 400, 404, 429, 503, and 403/415 for cross-site forgeries), against a
 * store filled directly and a replay service
 * that answers as it is told (the real one, with its guard, is tested in the replay module and in app).
 */
class ReplayRoutesTest {

    private static final String STRICT = "phases-strict";
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Answers start with a queued view, or throws what {@link #refuse} holds; remembers the calls. */
    static final class ToldService implements ReplayService {
        final List<List<String>> calls = new ArrayList<>();
        RuntimeException refuse;

        @Override
        public ReplayView start(String run, String configText, String tag, String from, String to) {
            calls.add(List.of(run, configText, tag, from, to));
            if (refuse != null) {
                throw refuse;
            }
            return view("rpl-1", run, tag, "queued");
        }

        @Override
        public Optional<ReplayView> get(String id) {
            return id.equals("rpl-1") ? Optional.of(view(id, "r", "t", "running")) : Optional.empty();
        }

        @Override
        public List<ReplayView> list(String run) {
            return List.of(view("rpl-1", run, "t", "running"));
        }

        @Override
        public boolean cancel(String id) {
            return false;
        }

        static ReplayView view(String id, String run, String tag, String state) {
            return new ReplayView(id, run, tag, "cfg~phc", "", "", state, 5, 20, 1, 2, 2, 0, 300, 900, "", List.of());
        }
    }

    private void fillTwoVersions() {
        HistoryStore s = server.dashboard.store();
        for (int step = 0; step < 3; step++) {
            LayerAnalysis a = Records.analysis("run-a", "fc1", 0, step * 10L, Phase.RANDOM_LIKE, 7);
            s.addAnalysis(a, new RecordPosition(0, step, 1000));
            var b = a.toBuilder();
            b.getPhaseBuilder().setClassifierConfigId(STRICT).setPhase(step == 0 ? "RANDOM_LIKE" : "BULK_DECAY");
            s.addAnalysis(b.build(), new RecordPosition(1, step, 2000), new RecordOrigin("rpl-9", "strict"));
        }
    }

    @Test
    void versionsAreListedAndEachRunEndpointAnswersForTheOneAskedFor() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, null);
        fillTwoVersions();
        JsonArray versions = json(server.get("/api/runs/run-a/versions")).getJsonArray("versions");
        assertEquals(2, versions.size());
        JsonObject monitor = versions.getJsonObject(0);
        JsonObject strict = versions.getJsonObject(1);
        assertTrue(monitor.getBoolean("primary") && monitor.getBoolean("monitor"));
        assertEquals(Records.CONFIG + "~" + STRICT, strict.getString("id"));
        assertTrue(strict.getString("label").startsWith("strict ("), strict.getString("label"));
        assertEquals(new JsonArray().add("rpl-9"), strict.getJsonArray("replays"));

        JsonObject plain = json(server.get("/api/runs/run-a/timeline"));
        assertEquals(monitor.getString("id"), plain.getString("version"), "no ?version=: the primary one");
        assertEquals(1, plain.getJsonArray("rows").getJsonObject(0).getJsonArray("starts").size());
        JsonObject other = json(server.get("/api/runs/run-a/timeline?version=" + strict.getString("id")));
        assertEquals(List.of(0, 10), other.getJsonArray("rows").getJsonObject(0).getJsonArray("starts").getList());
        assertEquals("BULK_DECAY", json(server.get("/api/runs/run-a/layers?version=" + strict.getString("id")))
                .getJsonArray("layers").getJsonObject(0).getString("phase"));
        JsonObject detail = json(server.get("/api/runs/run-a/layers/fc1/analyses/20?version=" + strict.getString("id")));
        assertEquals("BULK_DECAY", detail.getString("phase"));

        HttpResponse<String> unknown = server.get("/api/runs/run-a/timeline?version=cfg-x~phc-y");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("/api/runs/run-a/versions"), unknown.body());
        assertEquals(404, server.get("/api/runs/nope/versions").statusCode());
    }

    @Test
    void withoutAReplayServiceTheReplayEndpointsSaySoAndWhere() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, null);
        HttpResponse<String> r = server.send("POST", "/api/runs/run-a/replays", "{}");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("./esdmon replay"), r.body());
        assertEquals(false, json(server.get("/api/status")).getBoolean("replays"));
    }

    @Test
    void startAnswers202ThenAConflictIs409WithTheRunningReplay() throws Exception {
        ToldService service = new ToldService();
        server = new TestServer(StoreBounds.DEFAULT, null, service);
        fillTwoVersions();
        HttpResponse<String> r = server.send("POST", "/api/runs/run-a/replays",
                "{\"config\": \"phase.heavyAlpha = 3.5\", \"tag\": \"t\", \"from\": \"2h\"}");
        assertEquals(202, r.statusCode(), r.body());
        JsonObject job = new JsonObject(r.body());
        assertEquals("queued", job.getString("state"));
        assertEquals(900, job.getLong("etaMs"));
        assertEquals(List.of("run-a", "phase.heavyAlpha = 3.5", "t", "2h", ""), service.calls.get(0));

        service.refuse = new ReplayConflictException("rpl-1", "replay rpl-1 ... is running");
        HttpResponse<String> again = server.send("POST", "/api/runs/run-a/replays", "{\"tag\": \"t\"}");
        assertEquals(409, again.statusCode());
        assertEquals("rpl-1", new JsonObject(again.body()).getString("runningId"));

        service.refuse = new IllegalArgumentException("the replay config: unknown setting 'phase.nope'");
        HttpResponse<String> bad = server.send("POST", "/api/runs/run-a/replays", "{\"config\": \"phase.nope=1\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("phase.nope"), bad.body());

        int before = service.calls.size();
        assertEquals(400, server.send("POST", "/api/runs/run-a/replays", "[1, 2]").statusCode(), "not an object");
        assertEquals(400, server.send("POST", "/api/runs/run-a/replays", "{\"tag\": 5}").statusCode());
        assertEquals(before, service.calls.size(), "bad bodies never reach the service");

        assertEquals("running", json(server.get("/api/replays/rpl-1")).getString("state"));
        assertEquals(404, server.get("/api/replays/rpl-404").statusCode());
        assertEquals(1, json(server.get("/api/runs/run-a/replays")).getJsonArray("replays").size());
        assertEquals(409, server.send("DELETE", "/api/replays/rpl-1", null).statusCode(), "already over: refused");
        assertEquals(true, json(server.get("/api/status")).getBoolean("replays"));

        service.refuse = new ReplayBusyException("1 replay(s) running and 3 queued");
        HttpResponse<String> busy = server.send("POST", "/api/runs/run-a/replays", "{}");
        assertEquals(429, busy.statusCode(), busy.body());
        assertEquals("30", busy.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void aReplayOfARunTheDashboardDoesNotHoldIs404AndNeverReachesTheService() throws Exception {
        ToldService service = new ToldService();
        server = new TestServer(StoreBounds.DEFAULT, null, service);
        fillTwoVersions();
        HttpResponse<String> r = server.send("POST", "/api/runs/no-such-run%0Aforged/replays", "{}");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("'no-such-run\\\\nforged'"), "the name is shown escaped: " + r.body());
        assertEquals(List.of(), service.calls);
    }

    /**
     * Requests that change state must be JSON, and not come from another site or origin; reads and
     * non-browser clients (no Origin, no Sec-Fetch-Site) are unaffected.
     */
    @Test
    void stateChangingRequestsFromAnotherSiteOrAsFormsAreRefused() throws Exception {
        ToldService service = new ToldService();
        server = new TestServer(StoreBounds.DEFAULT, null, service);
        fillTwoVersions();
        String path = "/api/runs/run-a/replays";
        String self = "http://127.0.0.1:" + server.server.actualPort();
        assertEquals(415, server.send("POST", path, "{}", "Content-Type", "text/plain").statusCode(), "a form");
        assertEquals(415, server.send("POST", path, "config=x", "Content-Type",
                "application/x-www-form-urlencoded").statusCode());
        assertEquals(403, server.send("POST", path, "{}", "Content-Type", "application/json", "Origin",
                "http://evil.example").statusCode(), "another origin");
        assertEquals(403, server.send("POST", path, "{}", "Content-Type", "application/json", "Origin", "null")
                .statusCode(), "an opaque origin");
        assertEquals(403, server.send("POST", path, "{}", "Content-Type", "application/json", "Sec-Fetch-Site",
                "same-site").statusCode(), "another port of the same site");
        assertEquals(403, server.send("DELETE", "/api/replays/rpl-1", null, "Origin", "http://127.0.0.1:1")
                .statusCode());
        assertEquals(List.of(), service.calls, "none reached the service");

        assertEquals(202, server.send("POST", path, "{}", "Content-Type", "application/json; charset=utf-8",
                "Origin", self, "Sec-Fetch-Site", "same-origin").statusCode(), "the dashboard's own page");
        assertEquals(202, server.send("POST", path, "{}").statusCode(), "curl and scripts");
        assertEquals(200, server.get("/api/runs", "Origin", "http://evil.example").statusCode(), "reads pass");
        assertEquals(2, service.calls.size());
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }
}
