package io.esdmon.app.serve;

import io.esdmon.dashboard.http.TokenGuard;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * The bearer token of {@code esdmon serve}'s HTTP port: with a token, every path but {@code /health}
 * (for liveness and readiness probes, which carry no credentials) and the dashboard's chart library
 * needs it: the dashboard page, {@code /api/*} and {@code /metrics} (Prometheus sends it with
 * {@code authorization: {credentials_file: ...}} in its scrape config).
 */
final class HttpGuard {

    /** Paths served without the token. */
    static boolean open(String path) {
        return path.equals("/health") || path.startsWith("/vendor/uplot/");
    }

    private HttpGuard() {
    }

    /** Installs the guard as the router's first route; does nothing without a token. */
    static void protect(Router router, Optional<String> token) {
        token.ifPresent(t -> {
            TokenGuard guard = new TokenGuard(t);
            router.route().order(Integer.MIN_VALUE).handler(ctx -> {
                if (open(ctx.normalizedPath())) {
                    ctx.next();
                } else {
                    guard.handle(ctx);
                }
            });
        });
    }
}
