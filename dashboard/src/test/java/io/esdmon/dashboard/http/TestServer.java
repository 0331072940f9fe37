package io.esdmon.dashboard.http;

import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.store.StoreBounds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A dashboard on a local port without a Kafka feed (nothing is started): tests fill its store
 * directly and exercise the HTTP side.
 */
final class TestServer implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Dashboard dashboard;
    final HttpServer server;
    final HttpClient http = HttpClient.newHttpClient();

    TestServer(StoreBounds bounds, String token) throws Exception {
        this(bounds, token, null);
    }

    /** A server whose replays go to {@code replays} (null: a dashboard without replays). */
    TestServer(StoreBounds bounds, String token, ReplayService replays) throws Exception {
        this(config().withBounds(bounds).withToken(token), replays);
    }

    /** A server of {@code config} (start from {@link #config()}), replays as above. */
    TestServer(DashboardConfig config, ReplayService replays) throws Exception {
        dashboard = replays == null ? Dashboard.create(vertx, config) : Dashboard.create(vertx, config, replays);
        Router router = Router.router(vertx);
        dashboard.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(20, TimeUnit.SECONDS);
    }

    /** The configuration of a test server: an address nothing listens on, so the fetcher fails fast if used. */
    static DashboardConfig config() {
        return DashboardConfig.defaults(Map.of("bootstrap.servers", "127.0.0.1:1"))
                .withKafkaTimeout(java.time.Duration.ofSeconds(2));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "Content-Type", "application/json");
    }

    /** A request with exactly these headers (name, value, ...). */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    SseClient events(String query, Map<String, String> headers) throws Exception {
        return new SseClient(http, uri("/api/events" + query), headers);
    }

    @Override
    public void close() throws Exception {
        dashboard.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
