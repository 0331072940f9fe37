package io.esdmon.app.serve;

import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.http.MediaTypes;
import io.esdmon.pipeline.ingest.IngestStats;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * {@code GET /health}: 200 while the monitor (when it runs) consumes, 503 otherwise (also when Kafka
 * refused its login, named without secrets), with its counters; the dashboard part, when it runs,
 * reports its Kafka condition. Status {@code degraded} (still 200: restarting would not help) once a
 * dead letter was lost, with the last one under {@code error}. Open without the token, for probes.
 */
final class HealthRoute {

    private HealthRoute() {
    }

    /** Mounts the route; {@code stats} or {@code dashboard} null when that part does not run. */
    static void mount(Router router, IngestStats stats, Dashboard dashboard) {
        router.get("/health").handler(ctx -> answer(ctx.response(), stats, dashboard));
    }

    private static void answer(HttpServerResponse response, IngestStats stats, Dashboard dashboard) {
        Optional<String> loginFailure = stats == null ? Optional.empty() : stats.loginFailure();
        boolean up = (stats == null || stats.subscribed()) && loginFailure.isEmpty();
        JsonObject body = new JsonObject();
        boolean degraded = stats != null && stats.deadLettersLost() > 0;
        if (stats != null) {
            body.put("status", loginFailure.isPresent() ? "kafka login refused" : !up ? "not consuming"
                    : degraded ? "degraded" : "consuming")
                    .put("records", stats.records()).put("snapshots", stats.snapshots())
                    .put("analyses", stats.analysesWritten()).put("deadLetters", stats.deadLetters())
                    .put("pending", stats.pending()).put("peakPending", stats.peakPending())
                    .put("pauses", stats.pauses())
                    .put("bytesInFlight", stats.bytesInFlight()).put("peakBytesInFlight", stats.peakBytesInFlight())
                    .put("incomplete", stats.incompleteSnapshots()).put("roomWaits", stats.roomWaits())
                    .put("waitingForRoom", stats.waitingForRoom()).put("deadLettersLost", stats.deadLettersLost())
                    .put("heapUsed", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                    .put("heapMax", Runtime.getRuntime().maxMemory());
        } else {
            body.put("status", "serving");
        }
        if (dashboard != null) {
            body.put("dashboard", dashboard.status().getString("condition"));
        }
        loginFailure.ifPresent(why -> body.put("error", why));
        if (degraded && loginFailure.isEmpty()) {
            body.put("error", stats.deadLettersLost() + " dead letters were refused by Kafka even shortened and lost,"
                    + " the last of " + stats.lastLostDeadLetter().orElse("?") + "; raise max.message.bytes of the"
                    + " dead-letter topic (see the log)");
        }
        response.setStatusCode(up ? 200 : 503).putHeader("content-type", MediaTypes.JSON).end(body.encode());
    }
}
