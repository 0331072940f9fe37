package io.esdmon.app.serve;

import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.http.HostGuard;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.metrics.MonitorMetrics;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code esdmon serve} runs, and {@code esdmon demo} embeds: the monitor's pipeline with its
 * Prometheus metrics and/or the dashboard on one Vert.x instance, served by one HTTP server with
 * {@code GET /health}, {@code GET /metrics} (with the monitor) and the dashboard's routes.
 */
public final class ServeStack {

    /**
     * What to run and where.
     *
     * @param monitor    the monitor's configuration, or null to run the dashboard alone
     * @param metrics    bounds of the monitor's metrics on {@code GET /metrics} (required with a monitor)
     * @param dashboard  the dashboard's configuration, or null to run the monitor alone
     * @param replays    replays the dashboard starts and shows (docs/replay.md), or null for none
     * @param token      the bearer token every route but {@code /health} asks for (docs/security.md), or empty
     * @param host       address the HTTP server binds to
     * @param port       its port (0 = any free port)
     * @param http       the names, connections and idle time the port accepts
     */
    public record Settings(MonitorConfig monitor, MetricsConfig metrics, DashboardConfig dashboard,
            ReplayService replays, Optional<String> token, String host, int port, HttpLimits http) {
        public Settings {
            if (token == null) {
                throw new IllegalArgumentException("token must be Optional.empty() when there is none");
            }
            if (monitor == null && dashboard == null) {
                throw new IllegalArgumentException("nothing to serve: give a monitor or a dashboard configuration");
            }
            if (monitor != null && metrics == null) {
                throw new IllegalArgumentException("a monitor needs a metrics configuration, e.g."
                        + " MetricsConfig.defaults()");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("the HTTP server needs an address to bind to, e.g. 127.0.0.1");
            }
            if (http == null) {
                throw new IllegalArgumentException("the HTTP port needs its limits, e.g. HttpLimits.DEFAULT");
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Vertx vertx;
    private final Settings settings;
    private final Monitor monitor;
    private final MonitorMetrics metrics;
    private final Dashboard dashboard;
    private final HttpServer http;

    private ServeStack(Vertx vertx, Settings settings, Monitor monitor, MonitorMetrics metrics, Dashboard dashboard,
            HttpServer http) {
        this.vertx = vertx;
        this.settings = settings;
        this.monitor = monitor;
        this.metrics = metrics;
        this.dashboard = dashboard;
        this.http = http;
    }

    /**
     * Starts the metrics, then the monitor (it subscribes once its topics exist), mounts
     * {@code /metrics}, the dashboard and {@code /health} on one router, listens, then lets the
     * dashboard read Kafka. On failure everything started is stopped again and an
     * {@link IllegalStateException} says what failed.
     */
    public static ServeStack start(Settings settings) {
        Vertx vertx = Vertx.vertx();
        MonitorMetrics metrics = null;
        Monitor monitor = null;
        Dashboard dashboard = null;
        try {
            Router router = Router.router(vertx);
            HttpGuard.protect(router, settings.token(), new HostGuard(settings.host(), settings.http().allowedHosts()));
            if (settings.monitor() != null) {
                Addresses addresses = Addresses.unique();
                // subscribed before the monitor consumes, so the metrics count every analysis
                metrics = await(MonitorMetrics.start(vertx, addresses, settings.monitor(), settings.metrics()),
                        Duration.ofSeconds(30), "the metrics");
                monitor = await(Monitor.start(vertx, settings.monitor(), addresses), START_TIMEOUT, "the monitor");
                metrics.watch(monitor.stats()).mount(router);
            }
            if (settings.dashboard() != null) {
                dashboard = settings.replays() == null ? Dashboard.create(vertx, settings.dashboard())
                        : Dashboard.create(vertx, settings.dashboard(), settings.replays());
                dashboard.mount(router);
            }
            HealthRoute.mount(router, monitor == null ? null : monitor.stats(), dashboard);
            HttpServer http = listen(vertx, router, settings);
            if (dashboard != null) {
                dashboard.start();
            }
            return new ServeStack(vertx, settings, monitor, metrics, dashboard, http);
        } catch (RuntimeException e) {
            if (dashboard != null) {
                dashboard.close();
            }
            Future<Void> monitorStopped = monitor == null ? Future.succeededFuture() : monitor.stop();
            // undeployed before Vert.x closes, which would otherwise undeploy them a second time
            Future<Void> metricsStopped = metrics == null ? Future.succeededFuture() : metrics.stop().otherwiseEmpty();
            try {
                Future.join(monitorStopped, metricsStopped).eventually(vertx::close).await(30, TimeUnit.SECONDS);
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

    /** The monitor's metrics, served on {@code GET /metrics}; present when the monitor runs. */
    public Optional<MonitorMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Stops consuming (the monitor commits what it wrote), then the metrics, the dashboard's streams
     * and Kafka reader and the HTTP server, then Vert.x; waits at most {@code timeout}.
     */
    public void stop(Duration timeout) throws Exception {
        Future<Void> monitorStopped = monitor == null ? Future.succeededFuture() : monitor.stop();
        monitorStopped.eventually(() -> {
            if (dashboard != null) {
                dashboard.close();
            }
            return Future.join(metrics == null ? Future.succeededFuture() : metrics.stop(), http.close());
        }).eventually(vertx::close).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Listens with the idle timeout; a connection beyond the limit is closed as it opens, before it
     * can hold anything. HTTP/2 over plain TCP (h2c, which no browser speaks) is off, so that a
     * connection counts from its first moment rather than from its first bytes.
     */
    private static HttpServer listen(Vertx vertx, Router router, Settings settings) {
        String where = settings.host() + ":" + settings.port();
        HttpLimits limits = settings.http();
        AtomicInteger open = new AtomicInteger();
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setHttp2ClearTextEnabled(false).setIdleTimeout((int) limits.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        try {
            return vertx.createHttpServer(options)
                    .connectionHandler(connection -> {
                        if (open.incrementAndGet() > limits.maxConnections()) {
                            connection.close();
                        }
                        connection.closeHandler(v -> open.decrementAndGet());
                    })
                    .requestHandler(router).listen().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof java.net.BindException) {
                throw new IllegalStateException("cannot listen on " + where + " (" + e.getMessage() + "); stop what"
                        + " uses it or choose another --http-port / --http-host", e);
            }
            throw new IllegalStateException("the HTTP server on " + where + " could not start: " + e.getMessage(), e);
        }
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
}
