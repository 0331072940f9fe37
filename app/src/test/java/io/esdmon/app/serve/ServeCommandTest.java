package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.topics.EsdTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class ServeCommandTest {

    /**
     * The real command in a child JVM: healthy while consuming, analyzes and classifies what is published
     * under the phase flags given, stops on Ctrl-C.
     */
    @Test
    void servesAnalysesAndHealthUntilCtrlC(KafkaBroker broker, @TempDir Path dir) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        Path phaseConfig = Files.writeString(dir.resolve("phases.properties"), "heavyAlpha=3.5\n");
        String classifierId = DeterministicIds.classifierConfigId(new ClassifierConfig(PhaseThresholds.DEFAULTS.with(
                Map.of("heavyAlpha", "3.5")), new Hysteresis(1, 2, 30, Double.POSITIVE_INFINITY)));
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        try (ServeProcess serve = ServeProcess.start("--bootstrap", broker.bootstrapServers(), "--http-port", "0",
                "--topic-prefix", prefix, "--group", "serve-" + prefix, "--workers", "1", "--no-create-topics",
                "--phase-config", phaseConfig.toString(), "--min-dwell-steps", "30", "--decisive-margin", "inf")) {
            List<String> lines = serve.readUntilReady();
            String health = ServeProcess.after(lines, "health: ");
            String metrics = ServeProcess.after(lines, "metrics: ");
            assertTrue(health != null && metrics != null, "output so far: " + lines);
            metrics = metrics.split(" ")[0];
            assertTrue(lines.get(0).contains("consuming " + topics.snapshots()), lines.get(0));
            assertTrue(lines.get(0).contains("classifier config " + classifierId), lines.get(0));

            HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(health))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            assertTrue(up.body().contains("\"status\":\"consuming\""), up.body());

            Weights w = Npy.referenceMatrix("gauss_1000x500");
            try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), topics.snapshots())) {
                publisher.publishStep(StepInfo.of("served", 1), List.of(w)).get(60, TimeUnit.SECONDS);
            }
            List<io.esdmon.proto.LayerAnalysis> got = new ArrayList<>();
            TopicRecords.consume(broker, topics.analyses(), Duration.ofSeconds(60), r -> {
                try {
                    got.add(io.esdmon.proto.LayerAnalysis.parseFrom(r.value()));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
                return true;
            });
            LayerAnalysis direct = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()).analyze(w);
            assertEquals(direct.powerLaw().alpha(), got.get(0).getMetrics().getPowerLaw().getAlpha(), 0);
            assertEquals("RANDOM_LIKE", got.get(0).getPhase().getPhase());
            assertEquals(classifierId, got.get(0).getPhase().getClassifierConfigId());

            // the same analysis on GET /metrics, and its phase as a state set (labels in alphabetical order)
            String layerLabels = "{layer=\"" + w.name() + "\",run=\"served\"}";
            String exposition = awaitMetric(metrics, "esdmon_layer_alpha" + layerLabels);
            assertTrue(exposition.contains("esdmon_layer_alpha" + layerLabels + " " + direct.powerLaw().alpha()),
                    exposition);
            assertTrue(exposition.contains("esdmon_layers_analyzed_total 1.0"), exposition);
            String phase = got.get(0).getPhase().getPhase();
            assertTrue(exposition.contains("esdmon_layer_phase{layer=\"" + w.name() + "\",phase=\"" + phase
                    + "\",run=\"served\"} 1.0"), phase + " in\n" + exposition);

            serve.stopWithCtrlC();
        }
    }

    private static String awaitMetric(String url, String series) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            if (r.body().contains(series) || System.nanoTime() > deadline) {
                return r.body();
            }
            Thread.sleep(100);
        }
    }

    @Test
    void badMetricsBoundsAreRefusedWithWhatToGive() {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap",
                "127.0.0.1:9", "--metrics-idle-expiry", "soon");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("'soon' is not a duration; give a number with s, m, h or d"), err.toString());
        err.getBuffer().setLength(0);
        exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap", "127.0.0.1:9",
                "--metrics-max-layers", "0");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("maxLayerSeries must be >= 1"), err.toString());
    }

    @Test
    void badPhaseFlagsAreRejectedWithWhatToGive(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap",
                "localhost:1", "--min-dwell-steps", "-1");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("minDwellSteps must be >= 0"), err.toString());
        err = new StringWriter();
        exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap", "localhost:1",
                "--min-dwell", "2");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--min-dwell was replaced by --min-dwell-steps"), err.toString());
        err = new StringWriter();
        exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap", "localhost:1",
                "--decisive-margin", "lots");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--decisive-margin must be a positive number or inf, got 'lots'"),
                err.toString());
        Path bad = Files.writeString(dir.resolve("bad.properties"), "heavyAlfa=3\n");
        err = new StringWriter();
        exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bootstrap", "localhost:1",
                "--phase-config", bad.toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("unknown phase threshold(s) [heavyAlfa]"), err.toString());
    }

    @Test
    void withoutABootstrapAddressItSaysHowToGiveOne() {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("pass --bootstrap HOST:PORT"), err.toString());
    }
}
