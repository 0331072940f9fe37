package io.esdmon.dashboard.http;

import io.esdmon.dashboard.http.ApiRoutes.ApiError;
import io.esdmon.dashboard.replay.ReplayBusyException;
import io.esdmon.dashboard.replay.ReplayConflictException;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.replay.ReplayView;
import io.esdmon.wire.Untrusted;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Replays over REST: {@code POST /api/runs/{run}/replays} with a JSON body {@code {config, tag, from,
 * to}} (all optional) starts one and answers 202 with its state, 404 for a run the dashboard does not
 * hold, 409 when an identical one is running, 429 when the queue is full;
 * {@code GET /api/runs/{run}/replays} lists a run's, {@code GET /api/replays/{id}} shows one's progress,
 * {@code DELETE /api/replays/{id}} cancels it. Without a {@link ReplayService} they answer 503.
 */
final class ReplayRoutes {

    /** Largest request body: a config file is a few lines. */
    static final long MAX_BODY = 64 * 1024;

    /** Writes an answer built on a worker thread (ApiRoutes' respond). */
    interface Responder {
        void respond(RoutingContext ctx, int status, Callable<JsonObject> work);
    }

    /** A full queue is answered 429 with this many seconds to wait. */
    static final int RETRY_AFTER_S = 30;

    private final Optional<ReplayService> service;
    private final Predicate<String> knownRun;

    /** Replays through {@code service}, of runs {@code knownRun} says the dashboard holds. */
    ReplayRoutes(Optional<ReplayService> service, Predicate<String> knownRun) {
        this.service = service;
        this.knownRun = knownRun;
    }

    void mount(Router router, Responder r) {
        router.post("/api/runs/:run/replays").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(ctx -> r.respond(ctx, 202, () -> start(ctx)));
        router.get("/api/runs/:run/replays").handler(ctx -> r.respond(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            service().list(ctx.pathParam("run")).forEach(v -> out.add(json(v)));
            return new JsonObject().put("run", ctx.pathParam("run")).put("replays", out);
        }));
        router.get("/api/replays/:id").handler(ctx -> r.respond(ctx, 200, () -> json(service().get(ctx.pathParam("id"))
                .orElseThrow(() -> unknown(ctx.pathParam("id"))))));
        router.delete("/api/replays/:id").handler(ctx -> r.respond(ctx, 200, () -> {
            String id = ctx.pathParam("id");
            ReplayView v = service().get(id).orElseThrow(() -> unknown(id));
            if (!service().cancel(id)) {
                throw new ApiError(409, "replay " + id + " is " + v.state() + "; only a queued or running replay can"
                        + " be cancelled");
            }
            return json(service().get(id).orElse(v));
        }));
    }

    private JsonObject start(RoutingContext ctx) {
        ReplayService s = service();
        String run = ctx.pathParam("run");
        if (!knownRun.test(run)) {
            throw new ApiError(404, "no run " + Untrusted.quote(run, 80) + " in this dashboard (GET /api/runs lists"
                    + " them); replay a run it no longer holds with ./esdmon replay");
        }
        JsonObject body;
        try {
            String text = ctx.body().asString();
            body = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new ApiError(400, "the body must be a JSON object {\"config\": \"...\", \"tag\": \"...\", \"from\":"
                    + " \"...\", \"to\": \"...\"} (every field optional): " + e.getMessage());
        }
        try {
            return json(s.start(run, text(body, "config"), text(body, "tag"), text(body, "from"), text(body, "to")));
        } catch (ReplayConflictException e) {
            throw new ApiError(409, e.getMessage(), new JsonObject().put("runningId", e.runningId()));
        } catch (ReplayBusyException e) {
            throw ApiError.retryLater(e.getMessage(), RETRY_AFTER_S);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new ApiError(400, "'" + field + "' must be a string, got " + v);
        }
        return v == null ? "" : (String) v;
    }

    private ReplayService service() {
        return service.orElseThrow(() -> new ApiError(503, "replays are not available on this dashboard; run it with"
                + " ./esdmon serve, which can replay, or replay with ./esdmon replay (docs/replay.md)"));
    }

    private static ApiError unknown(String id) {
        return new ApiError(404, "no replay '" + id + "' (it may be older than the replays this server remembers)");
    }

    static JsonObject json(ReplayView v) {
        return new JsonObject().put("id", v.id()).put("run", v.run()).put("tag", v.tag()).put("version", v.version())
                .put("from", v.from()).put("to", v.to()).put("state", v.state()).put("recordsRead", v.recordsRead())
                .put("recordsTotal", v.recordsTotal()).put("snapshots", v.snapshots()).put("layers", v.layers())
                .put("analyses", v.analyses()).put("transitions", v.transitions()).put("elapsedMs", v.elapsedMs())
                .put("etaMs", v.etaMs() < 0 ? null : v.etaMs()).put("error", v.error().isEmpty() ? null : v.error())
                .put("summary", new JsonArray(v.summary()));
    }
}
