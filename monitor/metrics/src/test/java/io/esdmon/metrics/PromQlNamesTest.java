package io.esdmon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void namesOnlyTheSelectedMetrics() {
        assertEquals(Set.of("esdmon_layer_alpha", "esdmon_layer_phase"), PromQlNames.metricNames(
                "esdmon_layer_alpha < 2 and ignoring(phase) esdmon_layer_phase{phase=\"HEAVY_TAILED\"} == 1"));
        assertEquals(Set.of("esdmon_consumer_lag_records"), PromQlNames.metricNames(
                "min by (job) (deriv(esdmon_consumer_lag_records[10m])) > 0 and on(job) min by (job)"
                        + " (esdmon_consumer_lag_records) > 0"));
        assertEquals(Set.of("esdmon_analysis_duration_seconds_bucket"), PromQlNames.metricNames(
                "histogram_quantile(0.95, sum by (le) (rate(esdmon_analysis_duration_seconds_bucket[$__rate_interval])))"));
        assertEquals(Set.of("up"), PromQlNames.metricNames("up{job=\"esdmon\"} == 0 or absent(up{job=\"esdmon\"})"));
        assertEquals(Set.of("a", "b:rate5m"), PromQlNames.metricNames(
                "a{l=~\"x}{\\\"y\"} offset 1h30m + b:rate5m * 1.5e3 - Inf / NaN"));
        assertEquals(Set.of("esdmon_layer_phase_code"), PromQlNames.metricNames(
                "esdmon_layer_phase_code{run=~\"$run\", layer=~\"${layer}\"}"));
    }

    @Test
    void labelListsAfterGroupingKeywordsAreNotMetrics() {
        assertEquals(Set.of("x", "y"), PromQlNames.metricNames(
                "sum without (instance, job) (x) * on (run, layer) group_left (from, to) y"));
        assertEquals(Set.of("x"), PromQlNames.metricNames("count by(job, instance)(x != x)"));
    }
}
