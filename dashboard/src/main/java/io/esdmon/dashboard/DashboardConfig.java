package io.esdmon.dashboard;

import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the dashboard is configured with.
 *
 * @param kafka             Kafka client properties, passed through unchanged (bootstrap.servers,
 *                          security.protocol, sasl.*, ssl.*, ...); see docs/kafka.md
 * @param analysesTopic     the topic of LayerAnalysis records (esd.analyses)
 * @param transitionsTopic  the topic of PhaseTransition records (esd.transitions)
 * @param bounds            how much history is kept in memory
 * @param host              address the standalone server binds to (127.0.0.1: this machine only)
 * @param port              port of the standalone server (0: any free port)
 * @param token             when present, every dashboard request must carry it: header
 *                          {@code Authorization: Bearer TOKEN}, cookie {@code esdmon_token}, or
 *                          {@code ?token=TOKEN} once (which sets the cookie)
 * @param liveWindow        a run with no new record for this long is shown as finished
 * @param kafkaTimeout      a Kafka request unanswered for this long means the brokers are unreachable
 * @param maxStreams        live event streams ({@code /api/events}) open at most; one more is answered 503
 */
public record DashboardConfig(Map<String, Object> kafka, String analysesTopic, String transitionsTopic,
        StoreBounds bounds, String host, int port, Optional<String> token, Duration liveWindow,
        Duration kafkaTimeout, int maxStreams) {

    /** The default bind address: this machine only. */
    public static final String LOCALHOST = "127.0.0.1";
    /** The default port of the standalone dashboard. */
    public static final int DEFAULT_PORT = 8080;
    /** Live event streams open at most, by default: a few browser tabs for each of a team. */
    public static final int DEFAULT_MAX_STREAMS = 64;

    public DashboardConfig {
        kafka = Map.copyOf(kafka);
        if (kafka.get("bootstrap.servers") == null || kafka.get("bootstrap.servers").toString().isBlank()) {
            throw new IllegalArgumentException("the dashboard needs Kafka bootstrap servers: pass --bootstrap HOST:PORT"
                    + " or set bootstrap.servers in the Kafka client properties");
        }
        if (analysesTopic == null || analysesTopic.isBlank() || transitionsTopic == null || transitionsTopic.isBlank()) {
            throw new IllegalArgumentException("the dashboard needs the names of the analyses and transitions topics, got '"
                    + analysesTopic + "' and '" + transitionsTopic + "'");
        }
        if (bounds == null) {
            throw new IllegalArgumentException("the dashboard needs memory bounds; use StoreBounds.DEFAULT");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the dashboard needs an address to bind to, e.g. " + LOCALHOST);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the dashboard port must be 0..65535, got " + port);
        }
        token = token == null ? Optional.empty() : token.filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().chars().anyMatch(ch -> ch <= ' ' || ch == ';' || ch == ',' || ch > 126)) {
            throw new IllegalArgumentException("the dashboard token must be printable ASCII without spaces, ';' or ','"
                    + " (it travels in a header and a cookie)");
        }
        positive("liveWindow", liveWindow);
        positive("kafkaTimeout", kafkaTimeout);
        if (maxStreams < 1) {
            throw new IllegalArgumentException("the dashboard needs room for at least one live stream, got "
                    + maxStreams);
        }
    }

    /** Defaults for the given Kafka client properties: esdmon's topic names, default bounds, 127.0.0.1:8080, no token. */
    public static DashboardConfig defaults(Map<String, Object> kafka) {
        return new DashboardConfig(kafka, EsdTopics.DEFAULT.analyses(), EsdTopics.DEFAULT.transitions(),
                StoreBounds.DEFAULT, LOCALHOST, DEFAULT_PORT, Optional.empty(), Duration.ofMinutes(5),
                Duration.ofSeconds(5), DEFAULT_MAX_STREAMS);
    }

    public DashboardConfig withTopics(EsdTopics topics) {
        return new DashboardConfig(kafka, topics.analyses(), topics.transitions(), bounds, host, port, token, liveWindow,
                kafkaTimeout, maxStreams);
    }

    public DashboardConfig withBounds(StoreBounds b) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, b, host, port, token, liveWindow,
                kafkaTimeout, maxStreams);
    }

    public DashboardConfig withBind(String h, int p) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, bounds, h, p, token, liveWindow,
                kafkaTimeout, maxStreams);
    }

    public DashboardConfig withToken(String t) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, bounds, host, port, Optional.ofNullable(t),
                liveWindow, kafkaTimeout, maxStreams);
    }

    public DashboardConfig withLiveWindow(Duration d) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, bounds, host, port, token, d, kafkaTimeout,
                maxStreams);
    }

    public DashboardConfig withMaxStreams(int n) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, bounds, host, port, token, liveWindow,
                kafkaTimeout, n);
    }

    public DashboardConfig withKafkaTimeout(Duration d) {
        return new DashboardConfig(kafka, analysesTopic, transitionsTopic, bounds, host, port, token, liveWindow, d,
                maxStreams);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("dashboard setting " + name + " must be a positive duration, got " + d);
        }
    }
}
