package io.esdmon.pipeline.phase;

import static io.esdmon.phases.Phase.BULK_PLUS_SPIKES;
import static io.esdmon.phases.Phase.HEAVY_TAILED;
import static io.esdmon.phases.Phase.RANDOM_LIKE;
import static io.esdmon.phases.Phase.UNDETERMINED;
import static io.esdmon.pipeline.phase.Classified.HIGH;
import static io.esdmon.pipeline.phase.Classified.LOW;
import static io.esdmon.pipeline.phase.Classified.analysis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerPhasesTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void aConfirmedChangeBecomesATransitionWithItsStepsAndIds() {
        LayerPhases layer = new LayerPhases(Hysteresis.DEFAULT);
        assertTrue(layer.observe(analysis("fc", 0, RANDOM_LIKE, LOW), NOW).transition().isEmpty(), "no event for the first phase");
        assertTrue(layer.observe(analysis("fc", 10, RANDOM_LIKE, LOW), NOW).transition().isEmpty());
        assertTrue(layer.observe(analysis("fc", 20, HEAVY_TAILED, LOW), NOW).transition().isEmpty(), "one snapshot is a flicker");
        LayerAnalysis confirming = analysis("fc", 30, HEAVY_TAILED, LOW);
        PhaseTransition t = layer.observe(confirming, NOW).transition().orElseThrow();
        assertEquals("RANDOM_LIKE", t.getFromPhase());
        assertEquals("HEAVY_TAILED", t.getToPhase());
        assertEquals(20, t.getFirstStep());
        assertEquals(10, t.getLastStepBefore());
        assertEquals(30, t.getLayerStep().getStep());
        assertEquals(confirming.getAnalysisId(), t.getAnalysisId());
        assertEquals(DeterministicIds.transitionId("run", "fc", 30, Classified.CONFIG, Classified.CLASSIFIER),
                t.getTransitionId());
        assertEquals(confirming.getPhase().getEvidenceList(), t.getEvidenceList());
        assertEquals(NOW.getEpochSecond(), t.getDetectedAt().getSeconds());
    }

    @Test
    void aDecisiveMarginConfirmsAtOnce() {
        LayerPhases layer = new LayerPhases(Hysteresis.DEFAULT);
        layer.observe(analysis("fc", 0, RANDOM_LIKE, LOW), NOW).transition();
        PhaseTransition t = layer.observe(analysis("fc", 1, BULK_PLUS_SPIKES, HIGH), NOW).transition().orElseThrow();
        assertEquals(1, t.getFirstStep());
        assertEquals(0, t.getLastStepBefore());
    }

    /** Redeliveries and re-uploads of old steps do not move the state; the last one tracked repeats its event. */
    @Test
    void stepsNotAfterTheLastTrackedOneAreIgnoredButTheLastRepeatsItsTransition() {
        LayerPhases layer = new LayerPhases(Hysteresis.DEFAULT);
        layer.observe(analysis("fc", 0, RANDOM_LIKE, LOW), NOW).transition();
        layer.observe(analysis("fc", 10, HEAVY_TAILED, LOW), NOW).transition();
        Optional<PhaseTransition> t = layer.observe(analysis("fc", 20, HEAVY_TAILED, LOW), NOW).transition();
        assertTrue(t.isPresent());
        // the same analysis again (a failed write retried, or reprocessing after a crash): the same event
        assertSame(t.get(), layer.observe(analysis("fc", 20, HEAVY_TAILED, LOW), NOW.plusSeconds(5)).transition().orElseThrow());
        // an older step, whatever its phase, is written but not tracked
        assertTrue(layer.observe(analysis("fc", 10, RANDOM_LIKE, HIGH), NOW).transition().isEmpty());
        assertTrue(layer.observe(analysis("fc", 15, RANDOM_LIKE, HIGH), NOW).transition().isEmpty());
        assertEquals(HEAVY_TAILED, layer.current().orElseThrow());
        assertEquals(20, layer.lastStep());
        // a later step that confirms nothing: the earlier transition is not repeated any more
        assertTrue(layer.observe(analysis("fc", 30, HEAVY_TAILED, LOW), NOW).transition().isEmpty());
        assertTrue(layer.observe(analysis("fc", 30, HEAVY_TAILED, LOW), NOW).transition().isEmpty());
    }

    @Test
    void skippedLayersHaveNoPhaseAndAreNotTracked() {
        LayerPhases layer = new LayerPhases(Hysteresis.DEFAULT);
        assertTrue(layer.observe(Classified.skipped("fc", 5), NOW).transition().isEmpty());
        assertTrue(layer.current().isEmpty());
        assertEquals(Long.MIN_VALUE, layer.lastStep());
    }

    /** An analysis processed again carries the tracked phase of its own step, so both copies say the same. */
    @Test
    void theTrackedPhaseIsThePhaseConfirmedAsOfTheAnalysisStep() {
        LayerPhases layer = new LayerPhases(Hysteresis.DEFAULT);
        var a0 = analysis("fc", 0, UNDETERMINED, 0);
        var a10 = analysis("fc", 10, RANDOM_LIKE, LOW);
        var a20 = analysis("fc", 20, HEAVY_TAILED, LOW);
        var a30 = analysis("fc", 30, HEAVY_TAILED, LOW);
        assertEquals("", layer.observe(a0, NOW).analysis().getPhase().getTrackedPhase());
        assertEquals("RANDOM_LIKE", layer.observe(a10, NOW).analysis().getPhase().getTrackedPhase());
        assertEquals("RANDOM_LIKE", layer.observe(a20, NOW).analysis().getPhase().getTrackedPhase(), "a candidate");
        assertEquals("HEAVY_TAILED", layer.observe(a30, NOW).analysis().getPhase().getTrackedPhase(), "confirmed");
        assertEquals("RANDOM_LIKE", layer.observe(a20, NOW).analysis().getPhase().getTrackedPhase(), "again, as then");
        assertEquals("RANDOM_LIKE", layer.observe(a10, NOW).analysis().getPhase().getTrackedPhase());
        assertEquals("", layer.observe(a0, NOW).analysis().getPhase().getTrackedPhase());
    }
}
