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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
            assertEveryTextTypeIsUtf8(http, page);

            serve.stopWithCtrlC();
        }
    }

    /**
     * The child JVM runs in the suite's POSIX locale (platform charset US-ASCII): the page, its scripts and
     * the API must still say UTF-8, and the page's α and arrows must arrive as UTF-8 bytes.
     */
    private static void assertEveryTextTypeIsUtf8(HttpClient http, String base) throws Exception {
        for (String path : List.of("ui/index.html", "ui/esd.js", "ui/style.css", "api/status", "health")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer t0k").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), path);
            String type = r.headers().firstValue("content-type").orElse("");
            assertTrue(type.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8"),
                    path + " is sent as '" + type + "'");
        }
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(base + "ui/index.html"))
                .header("Authorization", "Bearer t0k").build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(page.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Mean α") && text.contains("step →"), "the page's non-ASCII text: " + text);
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
