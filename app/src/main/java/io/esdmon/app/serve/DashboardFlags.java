package io.esdmon.app.serve;

import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The dashboard's settings as command-line flags (a picocli mixin of {@code esdmon serve}). */
public final class DashboardFlags {

    /** Environment variable that carries the HTTP token (keeps it off the command line and out of ps). */
    public static final String TOKEN_ENV = "ESDMON_HTTP_TOKEN";
    /** The variable's earlier name, still read when {@link #TOKEN_ENV} is not set. */
    public static final String OLD_TOKEN_ENV = "ESDMON_DASHBOARD_TOKEN";

    @Option(names = {"--http-token", "--dashboard-token"}, paramLabel = "TOKEN", description = "require this token"
            + " on the HTTP port except /health: the dashboard, /api/* and /metrics (Authorization: Bearer TOKEN, or"
            + " open /?token=TOKEN once); default: $" + TOKEN_ENV + ", else none. Prefer the variable: a flag shows"
            + " in ps")
    String token;

    @Option(names = "--dashboard-max-runs", defaultValue = "100", paramLabel = "N",
            description = "runs the dashboard keeps in memory (default: ${DEFAULT-VALUE})")
    int maxRuns;

    @Option(names = "--dashboard-points", defaultValue = "4096", paramLabel = "N",
            description = "step points kept per layer before older ones are thinned (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--dashboard-details", defaultValue = "4", paramLabel = "N",
            description = "full analyses (histogram, curves, evidence) kept per layer (default: ${DEFAULT-VALUE});"
                    + " older ones are read back from Kafka on demand")
    int details;

    @Option(names = "--dashboard-replay", defaultValue = "20000", paramLabel = "N",
            description = "live events kept for browsers that reconnect (default: ${DEFAULT-VALUE})")
    int replay;

    @Option(names = "--replay-queue", defaultValue = "3", paramLabel = "N",
            description = "replays started from the dashboard that wait while one runs, at most; one more is"
                    + " answered 429 (default: ${DEFAULT-VALUE})")
    int replayQueue;

    @Option(names = "--dashboard-live-minutes", defaultValue = "5", paramLabel = "MIN",
            description = "a run without new data for this long is shown as finished (default: ${DEFAULT-VALUE})")
    long liveMinutes;

    /** The HTTP token: the flag, else $ESDMON_HTTP_TOKEN, else $ESDMON_DASHBOARD_TOKEN; blank means none. */
    public java.util.Optional<String> httpToken(Map<String, String> env) {
        String t = token != null ? token : env.get(TOKEN_ENV) != null ? env.get(TOKEN_ENV) : env.get(OLD_TOKEN_ENV);
        return t == null || t.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(t);
    }

    /**
     * The dashboard's configuration for these flags. It carries no token: serve's {@link HttpGuard}
     * checks the token for the whole HTTP port, the dashboard's routes included.
     */
    public DashboardConfig toConfig(Map<String, Object> kafka, EsdTopics topics, String host, int port) {
        StoreBounds d = StoreBounds.DEFAULT;
        StoreBounds bounds = new StoreBounds(maxRuns, points, details, d.onDemandCache(), d.transitionsPerRun(),
                d.transitionFeed(), replay);
        if (liveMinutes < 1) {
            throw new IllegalArgumentException("--dashboard-live-minutes must be at least 1, got " + liveMinutes);
        }
        return DashboardConfig.defaults(kafka).withTopics(topics).withBind(host, port).withBounds(bounds)
                .withLiveWindow(Duration.ofMinutes(liveMinutes));
    }
}
