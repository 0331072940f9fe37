package io.esdmon.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** GETs of the dashboard's JSON in tests. */
public final class HttpJson {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpJson() {
    }

    /** The JSON answer of a GET that must succeed. */
    public static JsonObject get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return new JsonObject(r.body());
    }

    /** Polls a GET until its answer satisfies {@code until}; fails after a minute. */
    public static JsonObject await(String url, Predicate<JsonObject> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within 60 s: " + url + " last answer " + last);
    }
}
