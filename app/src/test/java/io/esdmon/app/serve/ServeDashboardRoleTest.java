package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.Esdmon;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code esdmon serve --role dashboard}: the dashboard alone, in a child JVM, behind a token. */
@ExtendWith(KafkaBrokerExtension.class)
class ServeDashboardRoleTest {

    @Test
    void servesTheDashboardAloneUntilCtrlC(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Esdmon.class.getName(),
                "serve", "--role", "dashboard", "--bootstrap", broker.bootstrapServers(), "--http-port", "0",
                "--topic-prefix", prefix, "--dashboard-token", "t0k")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String page = null;
            String line;
            while ((line = out.readLine()) != null && !line.equals("press Ctrl-C to stop")) {
                lines.add(line);
                if (line.startsWith("dashboard: ")) {
                    page = line.substring("dashboard: ".length()).split(" ")[0];
                }
            }
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

            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor());
            List<String> tail = new ArrayList<>();
            while ((line = out.readLine()) != null) {
                tail.add(line);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("serve did not stop within 60 s of Ctrl-C");
            }
            assertEquals(List.of("esdmon serve: stopping", "esdmon serve: stopped"), tail);
        } finally {
            p.destroyForcibly();
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
