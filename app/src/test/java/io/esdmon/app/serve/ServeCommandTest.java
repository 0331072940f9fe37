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
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.topics.EsdTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ServeCommandTest {

    /** The real command in a child JVM: healthy while consuming, analyzes what is published, stops on Ctrl-C. */
    @Test
    void servesAnalysesAndHealthUntilCtrlC(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        try (ServeProcess serve = ServeProcess.start("--bootstrap", broker.bootstrapServers(), "--http-port", "0",
                "--topic-prefix", prefix, "--group", "serve-" + prefix, "--workers", "1", "--no-create-topics")) {
            List<String> lines = serve.readUntilReady();
            String health = ServeProcess.after(lines, "health: ");
            assertTrue(health != null, "output so far: " + lines);
            assertTrue(lines.get(0).contains("consuming " + topics.snapshots()), lines.get(0));

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

            serve.stopWithCtrlC();
        }
    }

    @Test
    void withoutABootstrapAddressItSaysHowToGiveOne() {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("pass --bootstrap HOST:PORT"), err.toString());
    }
}
