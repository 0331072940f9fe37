package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code esdmon serve --role dashboard}: the dashboard alone, in a child JVM, behind a token. */
@ExtendWith(KafkaBrokerExtension.class)
class ServeDashboardRoleTest {

    @Test
    void servesTheDashboardAloneUntilCtrlC(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        HttpClient http = HttpClient.newHttpClient();
        try (ServeProcess serve = ServeProcess.start("--role", "dashboard", "--bootstrap", broker.bootstrapServers(),
                "--http-port", "0", "--topic-prefix", prefix, "--dashboard-token", "t0k")) {
            List<String> lines = serve.readUntilReady();
            String page = ServeProcess.after(lines, "dashboard: ");
            page = page == null ? null : page.split(" ")[0];
            assertTrue(page != null && page.startsWith("http://127.0.0.1:"), "output: " + lines);
            assertFalse(lines.stream().anyMatch(l -> l.contains("consuming")), "no monitor in this role: " + lines);
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(page + "api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(page + "api/status"))
                    .header("Authorization", "Bearer t0k").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            JsonObject s = new JsonObject(status.body());
            assertEquals(topics.analyses(), s.getJsonObject("kafka").getJsonObject("topics").getString("analyses"));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(page + "health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"dashboard\""), health.body());

            serve.stopWithCtrlC();
        }
    }

    @Test
    void anUnknownRoleIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--role", "everything",
                "--bootstrap", "localhost:9092");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--role"), err.toString());
    }
}
