package io.esdmon.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.Phase;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard against a real broker: history rebuilt from the topics, de-duplication, live updates, REST. */
@ExtendWith(KafkaBrokerExtension.class)
class DashboardKafkaTest {

    private static DashboardConfig config(KafkaBroker broker, EsdTopics topics) {
        return DashboardConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers())).withTopics(topics)
                .withBind("127.0.0.1", 0).withBounds(new StoreBounds(10, 64, 1, 16, 100, 100, 1000));
    }

    @Test
    void rebuildsTheHistoryFromKafkaDropsRedeliveriesAndFollowsLiveRecords(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        Recipe[] recipes = {Recipe.GAUSSIAN, Recipe.POWER_LAW_SPECTRUM, Recipe.PARETO_VERY_HEAVY};
        List<MonitorRecords.Output> outputs = new ArrayList<>();
        List<PhaseTransition> transitions = new ArrayList<>();
        try (MonitorRecords monitor = new MonitorRecords(broker.bootstrapServers(), topics.analyses(),
                topics.transitions())) {
            for (long step = 0; step < 4; step++) {
                for (int i = 0; i < recipes.length; i++) {
                    // layer 1 moves from Random-like to Heavy-Tailed half way, confirmed at the second snapshot
                    Recipe r = i == 1 && step < 2 ? Recipe.GAUSSIAN : recipes[i];
                    MonitorRecords.Output o = monitor.analyze("run-1", "layer" + i, i, step * 10, Map.of("model", "m",
                            "batch_size", "8"), r, 300, 150, step * 7 + i);
                    monitor.publish(o);
                    monitor.publish(o); // a redelivery
                    outputs.add(o);
                    o.transition().ifPresent(transitions::add);
                }
            }
            monitor.flush();
            assertFalse(transitions.isEmpty(), "layer1 changed phase");
            assertTrue(outputs.stream().anyMatch(o -> o.shown() != o.phase()), "a snapshot whose own phase is not"
                    + " yet the layer's: the timeline must show the tracked one");

            try (Dashboard.Standalone d = Dashboard.serve(config(broker, topics))) {
                String base = d.url();
                JsonObject runs = HttpJson.await(base + "api/runs", j -> j.getJsonArray("runs").size() == 1
                        && j.getJsonArray("runs").getJsonObject(0).getLong("analyses") == 12
                        && j.getJsonArray("runs").getJsonObject(0).getJsonArray("recentTransitions").size()
                        == transitions.size());
                JsonObject run = runs.getJsonArray("runs").getJsonObject(0);
                assertEquals("8", run.getString("batchSize"));
                assertEquals(30, run.getLong("lastStep"));
                JsonObject status = HttpJson.await(base + "api/status", j -> j.getString("condition").equals("live"));
                assertEquals(12, status.getJsonObject("store").getLong("analyses"), "redeliveries dropped");
                assertEquals(12 + transitions.size(), status.getJsonObject("store").getLong("duplicates"));

                // the timeline holds exactly the tracked phases
                JsonArray rows = HttpJson.get(base + "api/runs/run-1/timeline").getJsonArray("rows");
                for (int i = 0; i < recipes.length; i++) {
                    JsonObject row = rows.getJsonObject(i);
                    assertEquals("layer" + i, row.getString("layer"));
                    List<Integer> expected = new ArrayList<>();
                    for (MonitorRecords.Output o : outputs) {
                        if (o.analysis().getLayerStep().getLayer().equals("layer" + i)
                                && (expected.isEmpty() || expected.get(expected.size() - 1) != o.shown().code())) {
                            expected.add(o.shown().code());
                        }
                    }
                    assertEquals(expected, row.getJsonArray("phases").getList(), "layer" + i);
                }

                // the newest detail is in memory; an older one is read back from Kafka, identical
                MonitorRecords.Output old = outputs.get(0);
                JsonObject held = HttpJson.get(base + "api/runs/run-1/layers/layer0/analyses/30");
                assertTrue(held.getBoolean("held"));
                JsonObject fetched = HttpJson.get(base + "api/runs/run-1/layers/layer0/analyses/0");
                assertFalse(fetched.getBoolean("held"));
                assertEquals(old.analysis().getAnalysisId(), fetched.getString("analysisId"));
                assertEquals(old.analysis().getEsd().getCountsList(),
                        fetched.getJsonObject("esd").getJsonArray("counts").getList());
                assertEquals(old.analysis().getCurves().getGridCount(),
                        fetched.getJsonObject("curves").getJsonArray("grid").size());
                assertEquals(old.shown().name(), fetched.getString("phase"));
                assertEquals(old.phase().name(), fetched.getJsonObject("verdict").getString("rawPhase"));

                JsonArray feed = HttpJson.get(base + "api/transitions").getJsonArray("transitions");
                Set<String> ids = new HashSet<>();
                feed.forEach(t -> ids.add(((JsonObject) t).getString("transitionId")));
                assertEquals(transitions.stream().map(PhaseTransition::getTransitionId).collect(
                        java.util.stream.Collectors.toSet()), ids);

                // live: a new step arrives without restarting anything
                MonitorRecords.Output live = monitor.analyze("run-2", "fc", 0, 5, Map.of(), Recipe.GAUSSIAN, 300, 150,
                        99);
                monitor.publish(live);
                monitor.flush();
                JsonObject after = HttpJson.await(base + "api/runs", j -> j.getJsonArray("runs").size() == 2);
                assertEquals("run-2", after.getJsonArray("runs").getJsonObject(0).getString("run"), "most recent first");
            }
        }
    }

    @Test
    void analysesWrittenByTheMonitorPipelineReachTheDashboard(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        Vertx vertx = Vertx.vertx();
        try (Dashboard.Standalone d = Dashboard.serve(config(broker, topics))) {
            MonitorConfig mc = MonitorConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                    .withTopics(topics).withGroupId("dash-" + topics.analyses()).withWorkers(1, 2)
                    .withCreateTopics(false);
            Monitor monitor = Monitor.start(vertx, mc).toCompletionStage().toCompletableFuture().get(120,
                    TimeUnit.SECONDS);
            try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), topics.snapshots())) {
                Weights a = SyntheticMatrices.generate(Recipe.GAUSSIAN, 256, 128, 1).toWeights();
                Weights b = SyntheticMatrices.generate(Recipe.STRONG_SIGNAL, 256, 128, 2).toWeights();
                publisher.publishStep(StepInfo.of("piped", 7), List.of(named(a, "enc.weight"), named(b, "dec.weight")))
                        .get(60, TimeUnit.SECONDS);
            }
            JsonObject layers = HttpJson.await(d.url() + "api/runs", j -> j.getJsonArray("runs").size() == 1
                    && j.getJsonArray("runs").getJsonObject(0).getInteger("layers") == 2);
            assertEquals("piped", layers.getJsonArray("runs").getJsonObject(0).getString("run"));
            JsonArray order = HttpJson.get(d.url() + "api/runs/piped/layers").getJsonArray("layers");
            assertEquals(List.of("enc.weight", "dec.weight"), order.stream()
                    .map(o -> ((JsonObject) o).getString("layer")).toList(), "model order");
            JsonObject one = HttpJson.get(d.url() + "api/runs/piped/layers/dec.weight/analyses/7");
            assertEquals(64, one.getJsonObject("esd").getJsonArray("counts").size());
            assertTrue(one.getJsonObject("fit").getDouble("alpha") > 1);
            monitor.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void saysWhenKafkaCannotBeReached() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DashboardConfig c = DashboardConfig.defaults(Map.of("bootstrap.servers", "127.0.0.1:" + port))
                .withBind("127.0.0.1", 0).withKafkaTimeout(Duration.ofSeconds(1));
        try (Dashboard.Standalone d = Dashboard.serve(c)) {
            JsonObject s = HttpJson.await(d.url() + "api/status", j -> j.getString("condition").equals("kafka-unreachable"));
            assertTrue(s.getJsonObject("kafka").getString("message").contains("127.0.0.1:" + port),
                    s.encodePrettily());
            assertEquals(0, HttpJson.get(d.url() + "api/runs").getJsonArray("runs").size());
        }
    }

    private static Weights named(Weights w, String name) {
        return new Weights(name, w.kind(), w.shape(), w.values());
    }
}
