package io.esdmon.metrics;

import static io.esdmon.metrics.Messages.analysis;
import static io.esdmon.metrics.Messages.tracked;
import static io.esdmon.metrics.Messages.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.Metrics;
import io.esdmon.proto.PowerLaw;
import io.esdmon.proto.Skipped;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerMetricsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TestClock clock = new TestClock(T0);

    private LayerMetrics metrics(int maxLayers, Duration idle) {
        return new LayerMetrics(registry, MetricsConfig.defaults().withMaxLayerSeries(maxLayers).withIdleExpiry(idle),
                clock);
    }

    private Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    @Test
    void theGaugesShowTheNewestAnalysisOfEachLayer() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        m.record(analysis("r1", "fc1", 100, Phase.BULK_PLUS_SPIKES, 3.5));
        m.record(analysis("r1", "fc1", 200, Phase.BULK_PLUS_SPIKES, 2.75));
        m.record(analysis("r1", "fc1", 150, Phase.RANDOM_LIKE, 9.0)); // late: older step, ignored
        Scrape s = scrape();
        String[] fc1 = {"run", "r1", "layer", "fc1"};
        assertEquals(2.75, s.value("esdmon_layer_alpha", fc1));
        assertEquals(200, s.value("esdmon_layer_step", fc1));
        assertEquals(12.5, s.value("esdmon_layer_stable_rank", fc1));
        assertEquals(0.25, s.value("esdmon_layer_mp_softrank", fc1));
        assertEquals(3, s.value("esdmon_layer_spikes", fc1));
        assertEquals(1, s.value("esdmon_layer_correlation_traps", fc1), "the classifier's count, not rand_num_spikes");
        assertEquals(1.75, s.value("esdmon_layer_log_spectral_norm", fc1));
        assertEquals(0.875, s.value("esdmon_layer_entropy", fc1));
        assertEquals(Phase.BULK_PLUS_SPIKES.code(), s.value("esdmon_layer_phase_code", fc1));
    }

    @Test
    void missingValuesAreNaNNeverMinusOne() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        LayerAnalysis plain = analysis("r1", "fc1", 1, Phase.RANDOM_LIKE, -1);
        LayerAnalysis failedFit = plain.toBuilder()
                .setMetrics(Metrics.newBuilder().setPowerLaw(PowerLaw.newBuilder().setAlpha(-1).setSuccess(false)))
                .setPhase(plain.getPhase().toBuilder().clearCorrelationTraps()) // a spectrum-only snapshot
                .build();
        m.record(failedFit);
        LayerAnalysis skipped = LayerAnalysis.newBuilder().setLayerStep(Messages.step("r1", "tiny", 7))
                .setSkipped(Skipped.newBuilder().setReason("TOO_FEW_EVALS")).build();
        m.record(skipped);
        Scrape s = scrape();
        assertTrue(Double.isNaN(s.value("esdmon_layer_alpha", "layer", "fc1")));
        assertTrue(Double.isNaN(s.value("esdmon_layer_mp_softrank", "layer", "fc1")), "no MP fit in the analysis");
        assertTrue(Double.isNaN(s.value("esdmon_layer_correlation_traps", "layer", "fc1")), "no traps counted");
        assertTrue(Double.isNaN(s.value("esdmon_layer_alpha", "layer", "tiny")));
        assertTrue(Double.isNaN(s.value("esdmon_layer_entropy", "layer", "tiny")));
        assertEquals(7, s.value("esdmon_layer_step", "layer", "tiny"));
    }

    @Test
    void thePhaseStateSetHasExactlyOneOnePerClassifiedLayer() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        Phase[] phases = Phase.values();
        for (int i = 0; i < phases.length; i++) {
            m.record(analysis("r1", "layer" + i, 10, phases[i], 3));
        }
        m.record(analysis("r1", "layer0", 20, Phase.HEAVY_TAILED, 3)); // layer0 moves on
        Scrape s = scrape();
        for (int i = 0; i < phases.length; i++) {
            Phase expected = i == 0 ? Phase.HEAVY_TAILED : phases[i];
            List<Scrape.Sample> set = s.find("esdmon_layer_phase", "run", "r1", "layer", "layer" + i);
            assertEquals(phases.length, set.size(), "one series per phase");
            assertEquals(1.0, set.stream().mapToDouble(Scrape.Sample::value).sum(), "exactly one 1: " + set);
            assertEquals(1.0, s.value("esdmon_layer_phase", "layer", "layer" + i, "phase", expected.name()));
            assertEquals(expected.code(), s.value("esdmon_layer_phase_code", "layer", "layer" + i));
        }
    }

    @Test
    void theStateSetShowsTheTrackedPhaseElseTheSnapshotsOwnAndUndeterminedIsAStateOfItsOwn() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        m.record(tracked(analysis("r1", "flicker", 10, Phase.BULK_DECAY, 3), Phase.BULK_PLUS_SPIKES));
        m.record(analysis("r1", "tiny", 10, Phase.UNDETERMINED, 3)); // never determined: no tracked phase
        m.record(tracked(analysis("r1", "gap", 10, Phase.UNDETERMINED, 3), Phase.HEAVY_TAILED));
        m.record(analysis("r1", "untracked", 10, Phase.BLEEDING_OUT, 3)); // ./esdmon analyze writes no tracked phase
        Scrape s = scrape();
        Map<String, Phase> shown = Map.of("flicker", Phase.BULK_PLUS_SPIKES, "tiny", Phase.UNDETERMINED, "gap",
                Phase.HEAVY_TAILED, "untracked", Phase.BLEEDING_OUT);
        shown.forEach((layer, phase) -> {
            List<Scrape.Sample> set = s.find("esdmon_layer_phase", "layer", layer);
            assertEquals(List.of(phase.name()), set.stream().filter(x -> x.value() == 1).map(x -> x.label("phase"))
                    .toList(), layer);
            assertEquals(phase.code(), s.value("esdmon_layer_phase_code", "layer", layer), layer);
        });
        assertEquals(6, s.value("esdmon_layer_phase_code", "layer", "tiny"));
    }

    @Test
    void anUnclassifiedOrUnknownPhaseHasNoOneAndANaNCode() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        m.record(analysis("r1", "plain", 1, (Phase) null, 3));
        m.record(analysis("r1", "future", 1, "SUPER_CONVERGED", 3));
        Scrape s = scrape();
        for (String layer : List.of("plain", "future")) {
            assertEquals(0.0, s.find("esdmon_layer_phase", "layer", layer).stream().mapToDouble(Scrape.Sample::value)
                    .sum(), layer);
            assertTrue(Double.isNaN(s.value("esdmon_layer_phase_code", "layer", layer)), layer);
        }
    }

    @Test
    void transitionsAreCountedByFromAndToAndTheNewestIsTimestamped() {
        LayerMetrics m = metrics(10, Duration.ofHours(1));
        Instant t1 = T0.plusSeconds(10);
        Instant t2 = T0.plusSeconds(20);
        Instant t3 = T0.plusSeconds(30);
        m.record(transition("r1", "fc1", 1, "", "RANDOM_LIKE", t1));
        m.record(transition("r1", "fc1", 5, "RANDOM_LIKE", "BULK_PLUS_SPIKES", t2));
        m.record(transition("r1", "fc1", 9, "BULK_PLUS_SPIKES", "RANDOM_LIKE", t3));
        m.record(transition("r1", "fc1", 12, "RANDOM_LIKE", "BULK_PLUS_SPIKES", t3.plusSeconds(5)));
        m.record(transition("r1", "fc1", 15, "BULK_PLUS_SPIKES", "NEW_PHASE", t3.plusSeconds(6)));
        Scrape s = scrape();
        assertEquals(1, s.value("esdmon_phase_transitions_total", "layer", "fc1", "from", "none", "to",
                "RANDOM_LIKE"));
        assertEquals(2, s.value("esdmon_phase_transitions_total", "layer", "fc1", "from", "RANDOM_LIKE", "to",
                "BULK_PLUS_SPIKES"));
        assertEquals(1, s.value("esdmon_phase_transitions_total", "layer", "fc1", "from", "BULK_PLUS_SPIKES", "to",
                "RANDOM_LIKE"));
        assertEquals(1, s.value("esdmon_phase_transitions_total", "layer", "fc1", "from", "BULK_PLUS_SPIKES", "to",
                "other"));
        List<Scrape.Sample> newest = s.find("esdmon_layer_last_transition_timestamp_seconds", "layer", "fc1");
        assertEquals(1, newest.size(), "one series per layer: " + newest);
        assertEquals("BULK_PLUS_SPIKES", newest.get(0).label("from"));
        assertEquals("other", newest.get(0).label("to"));
        assertEquals(t3.plusSeconds(6).getEpochSecond(), newest.get(0).value(), 1e-3);
    }

    @Test
    void aRunIdleLongerThanTheExpiryLosesAllItsSeriesAndOnlyThat() {
        LayerMetrics m = metrics(100, Duration.ofMinutes(30));
        for (int i = 0; i < 4; i++) {
            m.record(analysis("old", "l" + i, 1, Phase.RANDOM_LIKE, 7));
        }
        m.record(transition("old", "l0", 1, "", "RANDOM_LIKE", T0));
        clock.advance(Duration.ofMinutes(20));
        m.record(analysis("busy", "l0", 1, Phase.RANDOM_LIKE, 7));
        clock.advance(Duration.ofMinutes(20));
        m.record(analysis("busy", "l0", 2, Phase.RANDOM_LIKE, 7));
        assertEquals(4, m.expireIdle(), "the four layers of run 'old'");
        assertEquals(0, m.expireIdle());
        Scrape s = scrape();
        assertEquals(List.of(), s.samples().stream().filter(x -> "old".equals(x.label("run"))).toList());
        assertEquals(2, s.value("esdmon_layer_step", "run", "busy", "layer", "l0"));
        assertEquals(1, s.value("esdmon_layer_series"));
        assertEquals(4, s.value("esdmon_layer_series_expired_total"));
        // the run comes back: its series start again
        m.record(analysis("old", "l0", 3, Phase.BULK_DECAY, 5));
        assertEquals(Phase.BULK_DECAY.code(), scrape().value("esdmon_layer_phase_code", "run", "old"));
    }

    @Test
    void theCapRefusesNewLayersCountsThemAndFreesRoomWhenRunsExpire() {
        LayerMetrics m = metrics(3, Duration.ofMinutes(30));
        for (int i = 0; i < 5; i++) {
            m.record(analysis("r1", "l" + i, 1, Phase.RANDOM_LIKE, 7));
        }
        m.record(transition("r1", "l4", 1, "", "RANDOM_LIKE", T0));
        m.record(analysis("r1", "l0", 2, Phase.BLEEDING_OUT, 7)); // an exported layer still updates
        Scrape s = scrape();
        assertEquals(3, s.value("esdmon_layer_series"));
        assertEquals(3, s.value("esdmon_layer_series_limit"));
        assertEquals(3, s.value("esdmon_layer_series_refused_total"), "two analyses and one transition");
        assertEquals(3, s.find("esdmon_layer_step").size());
        assertEquals(List.of(), s.find("esdmon_layer_step", "layer", "l3"));
        assertEquals(List.of(), s.find("esdmon_phase_transitions_total", "layer", "l4"));
        assertEquals(Phase.BLEEDING_OUT.code(), s.value("esdmon_layer_phase_code", "layer", "l0"));

        clock.advance(Duration.ofHours(1));
        m.expireIdle();
        m.record(analysis("r2", "x", 1, Phase.RANDOM_LIKE, 7));
        assertEquals(1, scrape().value("esdmon_layer_series"));
        assertEquals(1, scrape().find("esdmon_layer_step").size());
    }

    @Test
    void aThousandLayerModelInManyRunsStaysWithinTheCap() {
        int cap = 2000;
        LayerMetrics m = metrics(cap, Duration.ofHours(1));
        int baseline = registry.getMeters().size();
        for (int run = 0; run < 5; run++) {
            for (int layer = 0; layer < 1000; layer++) {
                m.record(analysis("run" + run, "layer." + layer, 1, Phase.HEAVY_TAILED, 3));
                m.record(transition("run" + run, "layer." + layer, 1, "", "HEAVY_TAILED", T0));
            }
        }
        assertEquals(cap, m.layerCount());
        int perLayer = LayerGauge.values().length + Phase.values().length + 1 + 2; // + transition counter and time
        assertEquals(cap * perLayer, m.seriesCount());
        assertEquals(baseline + cap * perLayer, registry.getMeters().size());
        assertEquals(3000 * 2, scrape().value("esdmon_layer_series_refused_total"));
    }
}
