package io.esdmon.app.serve;

import java.time.Duration;
import java.util.Set;

/**
 * What the HTTP port of {@code esdmon serve} accepts besides its routes.
 *
 * @param allowedHosts    names the port is reached by besides IP addresses, localhost and the bind
 *                        address: without a token, a request naming another host is refused (DNS rebinding)
 * @param idleTimeout     a connection that neither reads nor writes for this long is closed (a live stream
 *                        writes a keep-alive every 15 s)
 * @param maxConnections  connections open at most; one more is closed at once
 */
public record HttpLimits(Set<String> allowedHosts, Duration idleTimeout, int maxConnections) {

    /** No further names, 60 s idle, 256 connections. */
    public static final HttpLimits DEFAULT = new HttpLimits(Set.of(), Duration.ofSeconds(60), 256);

    public HttpLimits {
        allowedHosts = Set.copyOf(allowedHosts);
        if (idleTimeout == null || idleTimeout.toSeconds() < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("the HTTP idle timeout must be at least 1 s and the connection limit"
                    + " at least 1, got " + idleTimeout + " and " + maxConnections);
        }
    }
}
