package io.esdmon.app.serve;

import io.esdmon.app.DurationConverter;
import io.esdmon.dashboard.DashboardConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How much the HTTP port of {@code esdmon serve} takes (a picocli mixin): names, connections, streams. */
public final class HttpFlags {

    @Option(names = "--http-allowed-host", paramLabel = "NAME", description = "a name this server is reached by, such"
            + " as a DNS name or a proxy's (repeatable); without a token, requests naming other hosts are refused"
            + " (DNS rebinding). IP addresses, localhost and --http-host are always accepted (default: none)")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "60s", description = "close a"
            + " connection that neither reads nor writes for this long: 30s, 2m, ... (default: ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--http-max-connections", paramLabel = "N", defaultValue = "256", description = "connections"
            + " open at most; one more is closed at once (default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--http-max-streams", paramLabel = "N", defaultValue = "" + DashboardConfig.DEFAULT_MAX_STREAMS,
            description = "live dashboard streams (/api/events) open at most; one more is answered 503"
                    + " (default: ${DEFAULT-VALUE})")
    int maxStreams;

    /** The limits; bad values are an IllegalArgumentException naming the flags. */
    public HttpLimits toLimits() {
        try {
            Duration idle = DurationConverter.parse(idleTimeout);
            return new HttpLimits(Set.copyOf(allowedHosts), idle, maxConnections);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http-idle-timeout / --http-max-connections: " + e.getMessage());
        }
    }

    /** The dashboard's configuration with this stream limit. */
    public DashboardConfig applyTo(DashboardConfig c) {
        try {
            return c.withMaxStreams(maxStreams);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http-max-streams: " + e.getMessage());
        }
    }
}
