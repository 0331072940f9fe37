package io.esdmon.dashboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.dashboard.PhasePalette;
import io.esdmon.dashboard.Records;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.phases.Phase;
import io.esdmon.proto.EsdHistogram;
import io.esdmon.proto.FitCurves;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST endpoints, static files and the token guard, against a store filled directly. */
class ApiRoutesTest {

    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void fill() {
        HistoryStore s = server.dashboard.store();
        Phase[] phases = {Phase.RANDOM_LIKE, Phase.RANDOM_LIKE, Phase.BLEEDING_OUT, Phase.HEAVY_TAILED};
        for (int step = 0; step < 4; step++) {
            for (int layer = 0; layer < 3; layer++) {
                var a = Records.analysis("run-a", "layer" + layer, layer, step * 100L, phases[(step + layer) % 4],
                        2 + step + layer).toBuilder()
                        .setEsd(EsdHistogram.newBuilder().setLog10Lo(-2).setLog10Hi(1).addCounts(5).addCounts(0)
                                .addCounts(3))
                        .setCurves(FitCurves.newBuilder().addGrid(0.01).addGrid(10).addMpDensity(0.5)
                                .addMpDensity(Double.NaN))
                        .build();
                if (layer == 0) {
                    a = Records.withTraps(a, step == 1 || step == 2 ? 2 : 0);
                }
                if (layer == 2 && step == 3) {
                    a = Records.tracked(a, Phase.HEAVY_TAILED); // the snapshot says Random-like
                }
                s.addAnalysis(a, new RecordPosition(0, step * 3L + layer, 1000));
            }
        }
        s.addTransition(Records.transition("run-a", "layer1", 1, 200, Phase.RANDOM_LIKE, Phase.BLEEDING_OUT),
                RecordPosition.local(1000));
    }

    private JsonObject json(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new JsonObject(r.body());
    }

    @Test
    void runsLayersSeriesTimelineAndOneAnalysis() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, null);
        fill();
        JsonObject runs = json("/api/runs");
        JsonObject run = runs.getJsonArray("runs").getJsonObject(0);
        assertEquals("run-a", run.getString("run"));
        assertEquals("32", run.getString("batchSize"));
        assertEquals("0.01", run.getString("learningRate"));
        assertEquals("mlp", run.getString("model"));
        assertEquals(300, run.getLong("lastStep"));
        assertEquals(3, run.getInteger("layers"));
        assertEquals(1, run.getJsonArray("recentTransitions").size());
        assertEquals(server.dashboard.store().events().sseId(13), runs.getString("eventId"));

        JsonArray layers = json("/api/runs/run-a/layers").getJsonArray("layers");
        assertEquals(List.of("layer0", "layer1", "layer2"),
                layers.stream().map(o -> ((JsonObject) o).getString("layer")).toList());

        JsonObject series = json("/api/runs/run-a/analyses?layer=layer1&metric=alpha,stable_rank&from=100&to=200");
        JsonObject l1 = series.getJsonArray("series").getJsonObject(0);
        assertEquals(1, series.getJsonArray("series").size());
        assertEquals(List.of(100, 200), l1.getJsonArray("steps").getList());
        assertEquals(List.of(4.0, 5.0), l1.getJsonObject("metrics").getJsonArray("alpha").getList());
        assertEquals(2, l1.getJsonObject("metrics").getJsonArray("stable_rank").size());

        JsonObject timeline = json("/api/runs/run-a/timeline");
        JsonObject row0 = timeline.getJsonArray("rows").getJsonObject(0);
        assertEquals(List.of(0, 200, 300), row0.getJsonArray("starts").getList());
        assertEquals(List.of(0, 1, 4), row0.getJsonArray("phases").getList());
        assertEquals(List.of(100), row0.getJsonArray("trapStarts").getList(), "one run of snapshots with traps");
        assertEquals(List.of(200), row0.getJsonArray("trapEnds").getList());
        assertEquals(List.of(), timeline.getJsonArray("rows").getJsonObject(1).getJsonArray("trapStarts").getList());
        assertEquals(Phase.HEAVY_TAILED.code(), timeline.getJsonArray("rows").getJsonObject(2).getJsonArray("phases")
                .getList().get(3), "the tracked phase is drawn, not the snapshot's");
        assertEquals(1, timeline.getJsonArray("transitions").size());

        JsonObject one = json("/api/runs/run-a/layers/layer2/analyses/300");
        assertEquals(300, one.getLong("step"));
        assertEquals(List.of(5, 0, 3), one.getJsonObject("esd").getJsonArray("counts").getList());
        assertEquals(null, one.getJsonObject("curves").getJsonArray("mp").getValue(1), "NaN becomes null");
        assertTrue(one.getBoolean("held"));
        assertEquals("alpha", one.getJsonArray("evidence").getJsonObject(0).getString("signal"));
        assertEquals(1.5, one.getJsonArray("evidence").getJsonObject(0).getDouble("margin"));
        assertEquals("HEAVY_TAILED", one.getString("phase"), "the tracked phase");
        assertEquals(new JsonObject().put("rawPhase", "RANDOM_LIKE").put("trackedPhase", "HEAVY_TAILED")
                .put("rule", "POWER_LAW_TAIL").put("margin", 1.5).put("correlationTraps", null), one.getJsonObject("verdict"));
        assertEquals(2, json("/api/runs/run-a/layers/layer0/analyses/100").getJsonObject("verdict")
                .getInteger("correlationTraps"));
        assertEquals(2.0, json("/api/runs/run-a/analyses?layer=layer0&metric=correlation_traps").getJsonArray("series")
                .getJsonObject(0).getJsonObject("metrics").getJsonArray("correlation_traps").getList().get(1));
        assertEquals(300, json("/api/runs/run-a/layers/layer2/analyses/290?nearest=true").getLong("step"));

        JsonObject transitions = json("/api/transitions?since=2023-11-14T00:00:00Z");
        assertEquals(1, transitions.getJsonArray("transitions").size());
        assertEquals("BLEEDING_OUT", transitions.getJsonArray("transitions").getJsonObject(0).getString("to"));
    }

    @Test
    void errorsSayWhatIsWrong() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, null);
        fill();
        HttpResponse<String> r = server.get("/api/runs/nope/layers");
        assertEquals(404, r.statusCode());
        assertTrue(new JsonObject(r.body()).getString("error").contains("no run 'nope'"));
        r = server.get("/api/runs/run-a/analyses?metric=beta");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("unknown metric 'beta'") && r.body().contains("mp_softrank"), r.body());
        r = server.get("/api/runs/run-a/layers/layer0/analyses/150");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("nearest=true"), r.body());
        r = server.get("/api/transitions?since=yesterday");
        assertEquals(400, r.statusCode());
        r = server.get("/api/transitions?since=%2B1000000000-01-01T00:00:00Z"); // a valid instant, not epoch ms
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("since must be"), r.body());
        r = server.get("/api/runs/run-a/layers/layer0/analyses/abc");
        assertEquals(400, r.statusCode());
    }

    @Test
    void aDetailNoLongerInMemoryIsReadBackOrReportedGone() throws Exception {
        server = new TestServer(new StoreBounds(10, 64, 1, 0, 10, 10, 100), null);
        HistoryStore s = server.dashboard.store();
        s.addAnalysis(Records.analysis("r", "a", 0, 1, Phase.RANDOM_LIKE, 3), RecordPosition.local(0));
        s.addAnalysis(Records.analysis("r", "a", 0, 2, Phase.RANDOM_LIKE, 3), RecordPosition.local(0));
        // step 1's detail was dropped and its record cannot be read back (it came from no topic)
        HttpResponse<String> r = server.get("/api/runs/r/layers/a/analyses/1");
        assertEquals(410, r.statusCode(), r.body());
        assertTrue(r.body().contains("no longer in memory"), r.body());
    }

    @Test
    void pageModulesAndChartLibraryAreServed() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, null);
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<canvas id=\"timeline\">"));
        for (String path : List.of("/ui/app.js", "/ui/timeline.js", "/ui/esd.js", "/ui/style.css",
                "/vendor/uplot/uPlot.esm.js", "/vendor/uplot/uPlot.min.css")) {
            assertEquals(200, server.get(path).statusCode(), path);
        }
        JsonArray phases = json("/api/phases").getJsonArray("phases");
        assertEquals(Phase.values().length + 2, phases.size(), "every phase, then unclassified and skipped");
        assertEquals(Phase.HEAVY_TAILED.summary(), phases.getJsonObject(4).getString("summary"));
        JsonObject undetermined = phases.getJsonObject(Phase.UNDETERMINED.code());
        assertEquals("UNDETERMINED", undetermined.getString("name"));
        assertEquals(PhasePalette.color(Phase.UNDETERMINED), undetermined.getString("color"));
        assertEquals(PhasePalette.OUTLINE, undetermined.getString("outline"), "white needs an outline on the page");
        Set<String> colours = new HashSet<>();
        for (int i = 0; i <= Phase.values().length; i++) {
            assertTrue(colours.add(phases.getJsonObject(i).getString("color")), "each phase and unclassified has its"
                    + " own colour: " + phases.getJsonObject(i));
        }
    }

    @Test
    void aTokenGuardsTheApiAndThePage() throws Exception {
        server = new TestServer(StoreBounds.DEFAULT, "s3cret");
        assertEquals(401, server.get("/api/runs").statusCode());
        assertEquals(401, server.get("/").statusCode());
        assertEquals(401, server.get("/api/runs", "Authorization", "Bearer wrong").statusCode());
        assertEquals(200, server.get("/api/runs", "Authorization", "Bearer s3cret").statusCode());
        HttpResponse<String> page = server.get("/?token=s3cret");
        assertEquals(200, page.statusCode());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("esdmon_token=s3cret") && cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
        assertEquals(200, server.get("/api/status", "Cookie", "esdmon_token=s3cret").statusCode());
        assertEquals(401, server.events("", java.util.Map.of()).status);
        assertEquals(200, server.get("/vendor/uplot/uPlot.esm.js").statusCode(), "the chart library is public");
    }
}
