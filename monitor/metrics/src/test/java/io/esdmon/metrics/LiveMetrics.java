package io.esdmon.metrics;

import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.ingest.IngestStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link MonitorMetrics} as a monitor runs it, without Kafka: fed through the event bus addresses
 * of a monitor and served by an HTTP server on a free port of 127.0.0.1.
 */
final class LiveMetrics implements AutoCloseable {

    final Vertx vertx;
    final Addresses addresses = Addresses.unique();
    final IngestStats stats = new IngestStats();
    final MonitorMetrics metrics;
    private final HttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();

    LiveMetrics(Vertx vertx, MetricsConfig config, MonitorConfig lagSource) throws Exception {
        this.vertx = vertx;
        this.metrics = await(MonitorMetrics.start(vertx, addresses, lagSource, config, Clock.systemUTC()))
                .watch(stats);
        Router router = Router.router(vertx);
        metrics.mount(router);
        this.http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    int port() {
        return http.actualPort();
    }

    void publish(String address, Object body) {
        vertx.eventBus().publish(address, body);
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes GET /metrics until the exposition satisfies {@code ready} (the bus delivers asynchronously). */
    Scrape scrapeUntil(Predicate<Scrape> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            HttpResponse<String> r = get("/metrics", null);
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + r.statusCode() + ": " + r.body());
            }
            Scrape s = Scrape.parse(r.body());
            if (ready.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never reached the expected state:\n" + r.body());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        await(http.close());
        await(metrics.stop());
    }
}
