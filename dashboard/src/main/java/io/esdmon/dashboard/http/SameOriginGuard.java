package io.esdmon.dashboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Lets a state-changing request (POST, PUT, PATCH, DELETE) through only when a browser could not have
 * sent it on behalf of another site: its body is declared {@code application/json} (a cross-site form
 * or {@code fetch(..., {mode: 'no-cors'})} cannot declare it, and a cross-site {@code fetch} that does
 * needs a CORS preflight this server never grants), a {@code Sec-Fetch-Site} header says
 * {@code same-origin}, and an {@code Origin} header names this server. Clients that send neither
 * header (curl, scripts) are not browsers, so not a cross-site forgery. Other methods pass.
 */
public final class SameOriginGuard implements Handler<RoutingContext> {

    private static final Set<HttpMethod> STATE_CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (!STATE_CHANGING.contains(method)) {
            ctx.next();
            return;
        }
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin")) {
            refuse(ctx, 403, "a " + method + " from another site (Sec-Fetch-Site: " + site + ") is refused; use"
                    + " the dashboard's own page or a client such as curl");
            return;
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameAuthority(origin, ctx.request().authority())) {
            refuse(ctx, 403, "a " + method + " from another origin is refused; use the dashboard's own page or a"
                    + " client such as curl");
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (WITH_BODY.contains(method) && !isJson(type)) {
            refuse(ctx, 415, "send the body as Content-Type: application/json");
            return;
        }
        ctx.next();
    }

    /** Whether an Origin ({@code scheme://host[:port]}) names the server the request is addressed to. */
    static boolean sameAuthority(String origin, HostAndPort addressed) {
        if (addressed == null) {
            return false;
        }
        try {
            URI o = URI.create(origin.trim());
            if (o.getScheme() == null || o.getHost() == null) {
                return false; // "null" (sandboxed frames, file: pages) and other opaque origins
            }
            int defaultPort = o.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            int originPort = o.getPort() == -1 ? defaultPort : o.getPort();
            int addressedPort = addressed.port() < 0 ? defaultPort : addressed.port();
            return bare(o.getHost()).equalsIgnoreCase(bare(addressed.host())) && originPort == addressedPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An IPv6 literal without its brackets; other names as they are. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }

    static void refuse(RoutingContext ctx, int status, String why) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
                .end(new JsonObject().put("error", why).encode());
    }
}
