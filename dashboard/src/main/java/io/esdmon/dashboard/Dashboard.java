package io.esdmon.dashboard;

import io.esdmon.dashboard.events.EventLog;
import io.esdmon.dashboard.http.ApiRoutes;
import io.esdmon.dashboard.http.LiveStreams;
import io.esdmon.dashboard.http.MediaTypes;
import io.esdmon.dashboard.http.SameOriginGuard;
import io.esdmon.dashboard.http.TokenGuard;
import io.esdmon.dashboard.kafka.FeedStatus;
import io.esdmon.dashboard.kafka.HistoryFeed;
import io.esdmon.dashboard.kafka.RecordFetcher;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.dashboard.store.StoreStats;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The live web dashboard: a bounded history of runs rebuilt from esd.analyses and esd.transitions,
 * served as REST ({@code /api/...}), Server-Sent Events ({@code /api/events}) and a static page
 * ({@code /}). Embed it with {@link #create} and {@link #mount} on a router that also serves
 * {@code /metrics} and {@code /health}, then {@link #start}; or run it alone with {@link #serve}.
 * docs/dashboard.md describes the endpoints, the memory bounds and the token.
 */
public final class Dashboard implements AutoCloseable {

    /** Classpath folder of the page and its modules. */
    static final String UI_ROOT = "io/esdmon/dashboard/ui";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final Vertx vertx;
    private final DashboardConfig config;
    private final HistoryStore store;
    private final HistoryFeed feed;
    private final RecordFetcher fetcher;
    private final LiveStreams live;
    private final Optional<ReplayService> replays;

    private Dashboard(Vertx vertx, DashboardConfig config, Optional<ReplayService> replays) {
        this.vertx = vertx;
        this.config = config;
        this.replays = replays;
        StoreBounds b = config.bounds();
        EventLog events = new EventLog(Long.toString(System.currentTimeMillis(), 36), b.replayEvents());
        this.store = new HistoryStore(b, events);
        this.live = new LiveStreams(vertx, events, this::status, config.maxStreams());
        this.feed = new HistoryFeed(config.kafka(), config.analysesTopic(), config.transitionsTopic(), store,
                config.kafkaTimeout(), config.kafkaTimeout(), s -> live.broadcastStatus(status()));
        this.fetcher = new RecordFetcher(config.kafka(), config.analysesTopic(), config.kafkaTimeout());
    }

    /** A dashboard on {@code vertx} that cannot start replays; nothing is read from Kafka until {@link #start}. */
    public static Dashboard create(Vertx vertx, DashboardConfig config) {
        return new Dashboard(vertx, config, Optional.empty());
    }

    /** A dashboard that starts and shows replays through {@code replays} (docs/replay.md). */
    public static Dashboard create(Vertx vertx, DashboardConfig config, ReplayService replays) {
        return new Dashboard(vertx, config, Optional.of(replays));
    }

    /**
     * Adds the dashboard's routes to {@code router}: {@code /} (the page), {@code /ui/*},
     * {@code /vendor/uplot/*}, and {@code /api/*}. With a token configured, all but the chart
     * library require it. Requests that change state must come from the dashboard's own page or a
     * non-browser client ({@link SameOriginGuard}).
     */
    public void mount(Router router) {
        config.token().ifPresent(t -> {
            TokenGuard guard = new TokenGuard(t);
            router.route("/api/*").handler(guard);
            router.route("/ui/*").handler(guard);
            router.routeWithRegex("^/$").handler(guard);
        });
        router.route("/api/*").handler(new SameOriginGuard());
        router.get("/").handler(ctx -> ctx.reroute("/ui/index.html"));
        router.route("/ui/*").handler(MediaTypes.staticFiles(UI_ROOT).setCachingEnabled(false));
        router.route("/vendor/uplot/*").handler(MediaTypes.staticFiles(
                "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist"));
        router.get("/api/events").handler(live::handle);
        new ApiRoutes(vertx, store, fetcher, this::status, config.liveWindow().toMillis(), replays).mount(router);
    }

    /** Starts reading Kafka: the history from the beginning, then live records. */
    public void start() {
        feed.start();
    }

    /** The store, for embedding and tests. */
    public HistoryStore store() {
        return store;
    }

    public DashboardConfig config() {
        return config;
    }

    /**
     * The state for {@code GET /api/status} and status events: {@code condition} is one of
     * connecting, kafka-unreachable, reconnecting, loading, no-data, live, stopped.
     */
    public JsonObject status() {
        FeedStatus f = feed.currentStatus();
        StoreStats s = store.stats();
        String condition = switch (f.state()) {
            case CONNECTING -> "connecting";
            case UNREACHABLE -> "kafka-unreachable";
            case RECONNECTING -> "reconnecting";
            case LOADING -> "loading";
            case STOPPED -> "stopped";
            case WAITING_FOR_TOPICS, LIVE -> s.runs() == 0 ? "no-data" : "live";
        };
        return new JsonObject().put("condition", condition).put("now", System.currentTimeMillis())
                .put("eventId", store.events().sseId(store.events().lastId()))
                .put("kafka", new JsonObject().put("state", f.state().name()).put("message", f.message())
                        .put("since", f.sinceMs()).put("recordsRead", f.recordsRead())
                        .put("undecodable", f.undecodable())
                        .put("bootstrap", String.valueOf(config.kafka().get("bootstrap.servers")))
                        .put("topics", new JsonObject().put("analyses", config.analysesTopic())
                                .put("transitions", config.transitionsTopic())))
                .put("store", new JsonObject().put("runs", s.runs()).put("layers", s.layers())
                        .put("points", s.points()).put("analyses", s.analyses()).put("transitions", s.transitions())
                        .put("duplicates", s.duplicates()).put("evictedRuns", s.evictedRuns()))
                .put("bounds", bounds(config.bounds()))
                .put("liveWindowMs", config.liveWindow().toMillis()).put("streams", live.size())
                .put("replays", replays.isPresent());
    }

    private static JsonObject bounds(StoreBounds b) {
        return new JsonObject().put("maxRuns", b.maxRuns()).put("maxPointsPerLayer", b.maxPointsPerLayer())
                .put("detailedPerLayer", b.detailedPerLayer()).put("onDemandCache", b.onDemandCache())
                .put("transitionsPerRun", b.transitionsPerRun()).put("transitionFeed", b.transitionFeed())
                .put("replayEvents", b.replayEvents());
    }

    /** Stops reading Kafka and ends the live streams; the Vert.x instance is the caller's. */
    @Override
    public void close() {
        live.close();
        feed.close();
        fetcher.close();
        replays.ifPresent(ReplayService::close);
    }

    /**
     * Runs the dashboard alone: its own Vert.x and HTTP server on the configured host and port, with
     * {@code GET /health}. Returns once the server listens.
     */
    public static Standalone serve(DashboardConfig config) {
        return serve(config, Optional.empty());
    }

    /** As {@link #serve(DashboardConfig)}, starting replays through {@code replays} when present. */
    public static Standalone serve(DashboardConfig config, Optional<ReplayService> replays) {
        Vertx vertx = Vertx.vertx();
        Dashboard dashboard = new Dashboard(vertx, config, replays);
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.response().putHeader("Content-Type", MediaTypes.JSON)
                .end(new JsonObject().put("status", "UP").put("kafka", dashboard.feed.currentStatus().state().name())
                        .encode()));
        dashboard.mount(router);
        HttpServer server;
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                    .requestHandler(router).listen().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            dashboard.close();
            vertx.close();
            throw new IllegalStateException("the dashboard cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + " (choose another port with --http-port)", e);
        }
        dashboard.start();
        return new Standalone(vertx, server, dashboard);
    }

    /** The version of the uPlot WebJar on the classpath. */
    static String uplotVersion() {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath;"
                        + " the dashboard page needs it");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
    }

    /** A dashboard serving on its own; {@link #close} stops everything it started. */
    public record Standalone(Vertx vertx, HttpServer server, Dashboard dashboard) implements AutoCloseable {

        /** The port the server listens on. */
        public int port() {
            return server.actualPort();
        }

        /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
        public String url() {
            String host = dashboard.config.host();
            if (host.equals("0.0.0.0") || host.equals("::")) {
                host = "127.0.0.1";
            }
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
        }

        @Override
        public void close() {
            dashboard.close();
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
