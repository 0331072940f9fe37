package io.esdmon.app.serve;

import io.esdmon.dashboard.http.HostGuard;
import io.esdmon.dashboard.http.MediaTypes;
import io.esdmon.dashboard.http.TokenGuard;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The guards of {@code esdmon serve}'s HTTP port, ahead of every route. A path that is not valid
 * percent-encoding is answered 400 (not a 500 with a stack trace in the log). With a token, every
 * path but {@code /health} (for liveness and readiness probes, which carry no credentials) and the
 * dashboard's chart library needs it: the dashboard page, {@code /api/*} and {@code /metrics}
 * (Prometheus sends it with {@code authorization: {credentials_file: ...}} in its scrape config).
 * Without a token, the same paths answer only requests addressed by a name the server knows
 * ({@link HostGuard}, against DNS rebinding).
 */
final class HttpGuard {

    /** Paths served without the token. */
    static boolean open(String path) {
        return path.equals("/health") || path.startsWith("/vendor/uplot/");
    }

    private HttpGuard() {
    }

    /** Installs the guards as the router's first routes. */
    static void protect(Router router, Optional<String> token, HostGuard hosts) {
        router.route().order(Integer.MIN_VALUE).handler(HttpGuard::wellFormedPath);
        Handler<RoutingContext> guard = token.<Handler<RoutingContext>>map(TokenGuard::new).orElse(hosts);
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (open(ctx.normalizedPath())) {
                ctx.next();
            } else {
                guard.handle(ctx);
            }
        });
    }

    private static void wellFormedPath(RoutingContext ctx) {
        try {
            ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", MediaTypes.JSON).end(new JsonObject()
                    .put("error", "the path is not valid percent-encoding; write '%' as %25").encode());
            return;
        }
        ctx.next();
    }
}
