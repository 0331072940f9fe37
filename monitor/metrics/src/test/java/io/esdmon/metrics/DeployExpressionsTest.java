package io.esdmon.metrics;

import static io.esdmon.metrics.Messages.analysis;
import static io.esdmon.metrics.Messages.deadLetter;
import static io.esdmon.metrics.Messages.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.proto.DeadLetterReason;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of deploy/ (Prometheus rules, Grafana dashboards and Grafana rules) names
 * only metrics that GET /metrics of a running monitor shows, once it has seen one analysis, one
 * transition and one dead letter; {@code up} is Prometheus's own.
 */
class DeployExpressionsTest {

    @Test
    void everyExpressionNamesOnlyExposedMetrics() throws Exception {
        Vertx vertx = Vertx.vertx();
        Set<String> exposed;
        try (LiveMetrics live = new LiveMetrics(vertx, MetricsConfig.defaults(), null)) {
            live.publish(live.addresses.analyses(), analysis("r1", "fc1", 1, Phase.HEAVY_TAILED, 1.8));
            live.publish(live.addresses.transitions(), transition("r1", "fc1", 1, "BULK_DECAY", "HEAVY_TAILED",
                    Instant.now()));
            live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.TOO_LARGE));
            exposed = new TreeSet<>(live.scrapeUntil(s -> !s.find("esdmon_layer_alpha").isEmpty()
                    && !s.find("esdmon_phase_transitions_total").isEmpty()).names());
        } finally {
            LiveMetrics.await(vertx.close());
        }
        exposed.add("up");

        List<DeployFiles.Expr> exprs = DeployFiles.expressions();
        assertTrue(exprs.size() > 30, "expressions found: " + exprs.size());
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (DeployFiles.Expr e : exprs) {
            assertFalse(e.promql().contains("__name__"), e.where() + " selects by __name__, which this check cannot follow");
            Set<String> names = PromQlNames.metricNames(e.promql());
            if (names.isEmpty()) {
                problems.add(e.where() + " names no metric: " + e.promql());
            }
            for (String n : names) {
                used.add(n);
                if (!exposed.contains(n)) {
                    problems.add(e.where() + " names " + n + ", which /metrics does not show");
                }
            }
        }
        assertEquals(List.of(), problems, "exposed: " + exposed);
        // the deploy files use the per-layer metrics the issue asks for
        for (String n : List.of("esdmon_layer_alpha", "esdmon_layer_mp_softrank", "esdmon_layer_phase",
                "esdmon_layer_phase_code", "esdmon_layer_correlation_traps", "esdmon_layer_last_transition_timestamp_seconds",
                "esdmon_phase_transitions_total", "esdmon_dead_letters_total", "esdmon_consumer_lag_records",
                "esdmon_analysis_duration_seconds_bucket")) {
            assertTrue(used.contains(n), n + " is used by no dashboard or rule");
        }
    }
}
