package io.esdmon.dashboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only when it carries the dashboard's token: {@code Authorization: Bearer
 * TOKEN}, the {@code esdmon_token} cookie, or {@code ?token=TOKEN}. The query form is for opening
 * the page (EventSource cannot send headers): it sets the cookie, so the page's own requests carry
 * the token from then on.
 */
public final class TokenGuard implements Handler<RoutingContext> {

    /** The cookie that carries the token after a {@code ?token=} visit. */
    public static final String COOKIE = "esdmon_token";

    private final byte[] token;

    public TokenGuard(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            ctx.next();
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie != null && matches(cookie.getValue())) {
            ctx.next();
            return;
        }
        String query = ctx.request().getParam("token");
        if (query != null && matches(query)) {
            ctx.response().addCookie(Cookie.cookie(COOKIE, query).setHttpOnly(true).setPath("/")
                    .setSameSite(CookieSameSite.STRICT));
            ctx.next();
            return;
        }
        String why = auth == null && cookie == null && query == null
                ? "this dashboard needs a token: open it as /?token=TOKEN or send Authorization: Bearer TOKEN"
                : "the token does not match this dashboard's token";
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"esdmon\"")
                .putHeader("Content-Type", MediaTypes.JSON).end(new JsonObject().put("error", why).encode());
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
