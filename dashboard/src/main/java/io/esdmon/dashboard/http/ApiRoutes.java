package io.esdmon.dashboard.http;

import io.esdmon.dashboard.json.ApiJson;
import io.esdmon.dashboard.json.RecordJson;
import io.esdmon.dashboard.kafka.RecordFetcher;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.store.DetailLookup;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.SeriesMetric;
import io.esdmon.dashboard.store.StoredTransition;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.wire.Untrusted;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The REST endpoints under {@code /api}. Answers are built on worker threads (a run's series can be
 * megabytes of JSON); the event loop only routes and writes. A run's endpoints take
 * {@code ?version=ID} (from {@code /api/runs/{run}/versions}); without it they answer for the run's
 * primary version. Replays are started and watched through the {@link ReplayService} when one is given.
 */
public final class ApiRoutes {

    /** Most transitions one request returns. */
    static final int MAX_TRANSITIONS = 2000;

    private final Vertx vertx;
    private final HistoryStore store;
    private final RecordFetcher fetcher;
    private final Supplier<JsonObject> status;
    private final long liveWindowMs;
    private final Optional<ReplayService> replays;

    public ApiRoutes(Vertx vertx, HistoryStore store, RecordFetcher fetcher, Supplier<JsonObject> status,
            long liveWindowMs) {
        this(vertx, store, fetcher, status, liveWindowMs, Optional.empty());
    }

    public ApiRoutes(Vertx vertx, HistoryStore store, RecordFetcher fetcher, Supplier<JsonObject> status,
            long liveWindowMs, Optional<ReplayService> replays) {
        this.vertx = vertx;
        this.store = store;
        this.fetcher = fetcher;
        this.status = status;
        this.liveWindowMs = liveWindowMs;
        this.replays = replays;
    }

    /** Adds the routes to {@code router}. */
    public void mount(Router router) {
        router.get("/api/status").handler(ctx -> respond(ctx, status::get));
        router.get("/api/phases").handler(ctx -> respond(ctx, ApiJson::phases));
        router.get("/api/runs").handler(ctx -> respond(ctx,
                () -> ApiJson.runs(store.runs(System.currentTimeMillis(), liveWindowMs))));
        router.get("/api/runs/:run/versions").handler(ctx -> respond(ctx, () -> {
            String run = ctx.pathParam("run");
            return ApiJson.versions(run, store.versions(run).orElseThrow(() -> unknownRun(run)));
        }));
        router.get("/api/runs/:run/layers").handler(ctx -> respond(ctx, () -> {
            String run = ctx.pathParam("run");
            String version = version(ctx);
            return ApiJson.layers(run, store.layers(run, version).orElseThrow(() -> unknown(run, version)))
                    .put("version", version);
        }));
        router.get("/api/runs/:run/timeline").handler(ctx -> respond(ctx, () -> {
            String run = ctx.pathParam("run");
            String version = version(ctx);
            var rows = store.timeline(run, version).orElseThrow(() -> unknown(run, version));
            List<StoredTransition> transitions = store.runTransitions(run, version).map(v -> v.value())
                    .orElse(List.of());
            return ApiJson.timeline(run, rows, transitions).put("version", version);
        }));
        router.get("/api/runs/:run/analyses").handler(this::series);
        router.get("/api/runs/:run/layers/:layer/analyses/:step").handler(this::analysis);
        router.get("/api/transitions").handler(this::transitions);
        new ReplayRoutes(replays, run -> store.versions(run).isPresent()).mount(router, this::respond);
    }

    /** The version a request names, or the run's primary one (resolved, so answers say which). */
    private String version(RoutingContext ctx) {
        String asked = ctx.request().getParam("version");
        String run = ctx.pathParam("run");
        var versions = store.versions(run).orElseThrow(() -> unknownRun(run)).value();
        if (asked == null || asked.isBlank()) {
            return versions.isEmpty() ? null : versions.get(0).id();
        }
        if (versions.stream().noneMatch(v -> v.id().equals(asked))) {
            throw unknown(run, asked);
        }
        return asked;
    }

    private ApiError unknown(String run, String version) {
        if (store.versions(run).isEmpty()) {
            return unknownRun(run);
        }
        return new ApiError(404, "run '" + run + "' has no analysis version '" + version + "' (GET /api/runs/"
                + run + "/versions lists them)");
    }

    private void series(RoutingContext ctx) {
        String run = ctx.pathParam("run");
        respond(ctx, () -> {
            List<String> layers = ctx.queryParam("layer");
            long from = longParam(ctx, "from", Long.MIN_VALUE);
            long to = longParam(ctx, "to", Long.MAX_VALUE);
            Set<SeriesMetric> metrics = new LinkedHashSet<>();
            for (String spec : ctx.queryParam("metric")) {
                for (String name : spec.split(",")) {
                    if (!name.isBlank()) {
                        metrics.add(SeriesMetric.byColumn(name.trim()).orElseThrow(() -> new ApiError(400,
                                "unknown metric '" + name.trim() + "'; use one of " + Arrays.stream(SeriesMetric.values())
                                        .map(SeriesMetric::column).collect(Collectors.joining(", ")))));
                    }
                }
            }
            if (metrics.isEmpty()) {
                metrics.add(SeriesMetric.ALPHA);
            }
            String version = version(ctx);
            return ApiJson.series(run, store.series(run, version, layers, from, to, metrics)
                    .orElseThrow(() -> unknown(run, version))).put("version", version);
        });
    }

    private void analysis(RoutingContext ctx) {
        String run = ctx.pathParam("run");
        String layer = ctx.pathParam("layer");
        respond(ctx, () -> {
            long step = parseLong("step", ctx.pathParam("step"), 0);
            boolean nearest = Boolean.parseBoolean(ctx.request().getParam("nearest", "false"));
            String version = version(ctx);
            DetailLookup lookup = store.analysis(run, version, layer, step, nearest).orElseThrow(() -> new ApiError(404,
                    "run '" + run + "' has no analysis of layer '" + layer + "' at step " + step
                            + (nearest ? "" : " (add ?nearest=true for the nearest step held)")));
            LayerAnalysis a = lookup.analysis().orElseGet(() -> fetch(lookup, run, layer));
            return RecordJson.analysisFull(a).put("held", lookup.analysis().isPresent());
        });
    }

    private LayerAnalysis fetch(DetailLookup lookup, String run, String layer) {
        Optional<LayerAnalysis> read;
        try {
            read = fetcher.fetch(lookup.position());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ApiError(503, "the analysis of '" + layer + "' at step " + lookup.step()
                    + " is no longer in memory and Kafka did not answer: " + e.getMessage());
        }
        LayerAnalysis a = read.filter(x -> HistoryStore.analysisKey(x) == lookup.idHash())
                .orElseThrow(() -> new ApiError(410, "the full analysis of '" + layer + "' at step " + lookup.step()
                        + " of run '" + run + "' is no longer in memory nor in Kafka (retention removed it)"));
        store.cacheFetched(a);
        return a;
    }

    private void transitions(RoutingContext ctx) {
        respond(ctx, () -> {
            long since = sinceParam(ctx.request().getParam("since"));
            int limit = (int) Math.min(MAX_TRANSITIONS, longParam(ctx, "limit", 200));
            if (limit < 1) {
                throw new ApiError(400, "limit must be at least 1");
            }
            var v = store.transitions(since, ctx.request().getParam("run"), limit);
            return new JsonObject().put("eventId", v.eventId()).put("transitions", ApiJson.transitions(v.value()));
        });
    }

    /** Builds the answer on a worker thread and writes it as JSON; {@link ApiError}s become their status. */
    private void respond(RoutingContext ctx, Callable<JsonObject> work) {
        respond(ctx, 200, work);
    }

    /** As {@link #respond(RoutingContext, Callable)} with {@code status} for a success. */
    void respond(RoutingContext ctx, int status, Callable<JsonObject> work) {
        vertx.executeBlocking(() -> work.call().encode(), false).onComplete(ar -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            if (ar.succeeded()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", MediaTypes.JSON)
                        .putHeader("Cache-Control", "no-store").end(ar.result());
                return;
            }
            Throwable e = ar.cause();
            int code = e instanceof ApiError api ? api.status : 500;
            String message = e instanceof ApiError ? e.getMessage() : "internal error: " + e;
            JsonObject body = new JsonObject().put("error", message);
            if (e instanceof ApiError api && api.details != null) {
                body.mergeIn(api.details);
            }
            if (e instanceof ApiError api && api.retryAfterSeconds > 0) {
                ctx.response().putHeader("Retry-After", Integer.toString(api.retryAfterSeconds));
            }
            ctx.response().setStatusCode(code).putHeader("Content-Type", MediaTypes.JSON).end(body.encode());
        });
    }

    private static ApiError unknownRun(String run) {
        return new ApiError(404, "no run '" + run + "' (GET /api/runs lists the runs held)");
    }

    private static long longParam(RoutingContext ctx, String name, long fallback) {
        return parseLong(name, ctx.request().getParam(name), fallback);
    }

    private static long parseLong(String name, String raw, long fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be an integer, got " + Untrusted.quote(raw, 64));
        }
    }

    /** {@code since}: epoch milliseconds or an ISO-8601 instant; 0 when absent. */
    static long sinceParam(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(raw.trim()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                throw new ApiError(400, "since must be epoch milliseconds or an ISO-8601 instant such as"
                        + " 2026-01-31T12:00:00Z, got " + Untrusted.quote(raw, 64));
            }
        }
    }

    /** An answer other than 200, with the sentence that explains it (and fields to add to the answer). */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient JsonObject details;
        final int retryAfterSeconds;

        ApiError(int status, String message) {
            this(status, message, null);
        }

        ApiError(int status, String message, JsonObject details) {
            this(status, message, details, 0);
        }

        private ApiError(int status, String message, JsonObject details, int retryAfterSeconds) {
            super(message);
            this.status = status;
            this.details = details;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** 429 Too Many Requests, to be retried after {@code seconds}. */
        static ApiError retryLater(String message, int seconds) {
            return new ApiError(429, message, null, seconds);
        }
    }
}
