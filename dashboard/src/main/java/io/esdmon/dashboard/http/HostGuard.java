package io.esdmon.dashboard.http;

import io.esdmon.wire.Untrusted;
import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Answers only requests addressed to this server by a name it knows, against DNS rebinding: a page on
 * another site whose name is made to resolve to this server's address reaches it with that site's name
 * in {@code Host}. Accepted: an IP address literal (a rebinding page cannot make its browser send one),
 * {@code localhost}, the address the server binds to, and the names given (e.g. with
 * {@code --http-allowed-host}). A request that names no host is not from a browser and passes.
 */
public final class HostGuard implements Handler<RoutingContext> {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;

    /**
     * @param bindHost  the address or name the server binds to
     * @param allowed   further names the server is reached by (a proxy's, a DNS name's)
     */
    public HostGuard(String bindHost, Set<String> allowed) {
        this.names = Stream.concat(Stream.of("localhost", bindHost),
                allowed.stream()).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        if (authority == null || permits(authority.host())) {
            ctx.next();
            return;
        }
        SameOriginGuard.refuse(ctx, 403, "this server does not answer to the name " + Untrusted.quote(authority.host(),
                64) + " (a guard against DNS rebinding while no --http-token is set); open it by an address or a"
                + " name it knows, or add --http-allowed-host NAME");
    }

    /** Whether the host part of a request's authority names this server. */
    public boolean permits(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        return name.contains(":") || IPV4.matcher(name).matches() || names.contains(name);
    }
}
