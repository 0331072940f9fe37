package io.esdmon.metrics;

import static io.esdmon.metrics.Messages.analysis;
import static io.esdmon.metrics.Messages.deadLetter;
import static io.esdmon.metrics.Messages.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.proto.DeadLetterReason;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics as a running monitor feeds them (event bus) and Prometheus reads them (HTTP). */
class MonitorMetricsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        LiveMetrics.await(vertx.close());
    }

    @Test
    void busMessagesBecomeSeriesOnGetMetrics() throws Exception {
        try (LiveMetrics live = new LiveMetrics(vertx, MetricsConfig.defaults(), null)) {
            Scrape before = live.scrapeUntil(s -> true);
            assertEquals(0, before.value("esdmon_dead_letters_total", "reason", "TOO_LARGE"), "exists at 0 from the start");
            assertEquals(0, before.value("esdmon_analysis_duration_seconds_count"));
            assertEquals(0, before.value("esdmon_consuming"));
            assertTrue(Double.isNaN(before.value("esdmon_consumer_lag_records")), "no lag source: NaN");
            assertEquals(0, before.value("esdmon_layer_series"));

            live.publish(live.addresses.analyses(), analysis("r1", "fc1", 100, Phase.BULK_PLUS_SPIKES, 2.5));
            live.publish(live.addresses.transitions(), transition("r1", "fc1", 100, "RANDOM_LIKE",
                    "BULK_PLUS_SPIKES", Instant.parse("2025-01-01T00:01:40Z")));
            live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.TOO_LARGE));
            live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.TOO_LARGE));
            live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.UNPARSEABLE));

            Scrape s = live.scrapeUntil(x -> !x.find("esdmon_phase_transitions_total").isEmpty()
                    && x.value("esdmon_dead_letters_total", "reason", "UNPARSEABLE") == 1
                    && x.value("esdmon_dead_letters_total", "reason", "TOO_LARGE") == 2
                    && !x.find("esdmon_layer_alpha").isEmpty());
            assertEquals(2.5, s.value("esdmon_layer_alpha", "run", "r1", "layer", "fc1"));
            assertEquals(1, s.value("esdmon_layer_phase", "layer", "fc1", "phase", "BULK_PLUS_SPIKES"));
            assertEquals(1, s.value("esdmon_phase_transitions_total", "from", "RANDOM_LIKE", "to", "BULK_PLUS_SPIKES"));
            assertEquals(Instant.parse("2025-01-01T00:01:40Z").getEpochSecond(),
                    s.value("esdmon_layer_last_transition_timestamp_seconds", "layer", "fc1"));
            assertEquals(0, s.value("esdmon_dead_letters_total", "reason", "INVALID_SNAPSHOT"));
            // the analysis's engine time (42 ms) in the histogram, its time as the newest analysis
            assertEquals(1, s.value("esdmon_analysis_duration_seconds_count"));
            assertEquals(0.042, s.value("esdmon_analysis_duration_seconds_sum"), 1e-9);
            assertEquals(0, s.value("esdmon_analysis_duration_seconds_bucket", "le", "0.025"));
            assertEquals(1, s.value("esdmon_analysis_duration_seconds_bucket", "le", "0.05"));
            assertEquals(Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() + 100,
                    s.value("esdmon_last_analysis_timestamp_seconds"));
        }
    }

    @Test
    void servesOpenMetricsWhenAskedAndTheClassicTextOtherwise() throws Exception {
        try (LiveMetrics live = new LiveMetrics(vertx, MetricsConfig.defaults(), null)) {
            HttpResponse<String> classic = live.get("/metrics", "text/plain");
            assertTrue(classic.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            assertTrue(classic.body().contains("# TYPE esdmon_dead_letters_total counter"), classic.body());
            HttpResponse<String> om = live.get("/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertTrue(om.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
            assertTrue(om.body().contains("# TYPE esdmon_dead_letters counter"), om.body());
            assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            assertEquals(404, live.get("/other", null).statusCode(), "only /metrics is mounted");
        }
    }
}
