package io.esdmon.app.serve;

import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.pipeline.ingest.IngestStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code esdmon serve} runs, and {@code esdmon demo} embeds: the monitor's pipeline and/or the
 * dashboard on one Vert.x instance, served with {@code GET /health} by one HTTP server.
 */
public final class ServeStack {

    /**
     * What to run and where.
     *
     * @param monitor    the monitor's configuration, or null to run the dashboard alone
     * @param dashboard  the dashboard's configuration, or null to run the monitor alone
     * @param host       address the HTTP server binds to
     * @param port       its port (0 = any free port)
     */
    public record Settings(MonitorConfig monitor, DashboardConfig dashboard, String host, int port) {
        public Settings {
            if (monitor == null && dashboard == null) {
                throw new IllegalArgumentException("nothing to serve: give a monitor or a dashboard configuration");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("the HTTP server needs an address to bind to, e.g. 127.0.0.1");
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Vertx vertx;
    private final Settings settings;
    private final Monitor monitor;
    private final Dashboard dashboard;
    private final HttpServer http;

    private ServeStack(Vertx vertx, Settings settings, Monitor monitor, Dashboard dashboard, HttpServer http) {
        this.vertx = vertx;
        this.settings = settings;
        this.monitor = monitor;
        this.dashboard = dashboard;
        this.http = http;
    }

    /**
     * Starts the monitor (it subscribes once its topics exist), mounts the dashboard, listens, then
     * lets the dashboard read Kafka. On failure everything started is stopped again and an
     * {@link IllegalStateException} says what failed.
     */
    public static ServeStack start(Settings settings) {
        Vertx vertx = Vertx.vertx();
        Monitor monitor = null;
        Dashboard dashboard = null;
        try {
            if (settings.monitor() != null) {
                monitor = await(Monitor.start(vertx, settings.monitor()), START_TIMEOUT, "the monitor");
            }
            Router router = Router.router(vertx);
            if (settings.dashboard() != null) {
                dashboard = Dashboard.create(vertx, settings.dashboard());
                dashboard.mount(router);
            }
            IngestStats stats = monitor == null ? null : monitor.stats();
            Dashboard board = dashboard;
            router.get("/health").handler(ctx -> health(ctx.request(), stats, board));
            HttpServer http = await(vertx.createHttpServer(new HttpServerOptions().setHost(settings.host())
                    .setPort(settings.port())).requestHandler(router).listen(), Duration.ofSeconds(30),
                    "the HTTP server on " + settings.host() + ":" + settings.port());
            if (dashboard != null) {
                dashboard.start();
            }
            return new ServeStack(vertx, settings, monitor, dashboard, http);
        } catch (RuntimeException e) {
            if (dashboard != null) {
                dashboard.close();
            }
            Future<Void> stopped = monitor == null ? Future.succeededFuture() : monitor.stop();
            try {
                stopped.eventually(vertx::close).await(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the start failure is what the caller needs to hear about
            }
            throw e;
        }
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return http.actualPort();
    }

    /** The address of {@code path} on this server, e.g. {@code http://127.0.0.1:8080/health}. */
    public String url(String path) {
        String host = settings.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path;
    }

    public Optional<Monitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Stops consuming (the monitor commits what it wrote), ends the dashboard's streams and Kafka
     * reader, closes the HTTP server and Vert.x; waits at most {@code timeout}.
     */
    public void stop(Duration timeout) throws Exception {
        Future<Void> monitorStopped = monitor == null ? Future.succeededFuture() : monitor.stop();
        monitorStopped.eventually(() -> {
            if (dashboard != null) {
                dashboard.close();
            }
            return http.close();
        }).eventually(vertx::close).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T await(Future<T> f, Duration timeout, String what) {
        try {
            return f.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " did not start within " + timeout.toSeconds() + " s", e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " could not start: " + e.getMessage(), e);
        }
    }

    /** Healthy while the monitor (when it runs) consumes; the dashboard part reports its Kafka condition. */
    private static void health(HttpServerRequest req, IngestStats stats, Dashboard dashboard) {
        boolean up = stats == null || stats.subscribed();
        JsonObject body = new JsonObject();
        if (stats != null) {
            body.put("status", up ? "consuming" : "not consuming")
                    .put("records", stats.records()).put("snapshots", stats.snapshots())
                    .put("analyses", stats.analysesWritten()).put("deadLetters", stats.deadLetters())
                    .put("pending", stats.pending()).put("bytesInFlight", stats.bytesInFlight());
        } else {
            body.put("status", "serving");
        }
        if (dashboard != null) {
            body.put("dashboard", dashboard.status().getString("condition"));
        }
        req.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
