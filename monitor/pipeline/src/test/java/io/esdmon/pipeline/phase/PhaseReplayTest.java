package io.esdmon.pipeline.phase;

import static io.esdmon.phases.Phase.BULK_PLUS_SPIKES;
import static io.esdmon.phases.Phase.HEAVY_TAILED;
import static io.esdmon.phases.Phase.RANDOM_LIKE;
import static io.esdmon.pipeline.phase.Classified.LOW;
import static io.esdmon.pipeline.phase.Classified.analysis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseReplayTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    /** A layer's history as the live stage saw it: with a redelivery and an old re-upload mixed in. */
    private static List<LayerAnalysis> history(String layer) {
        return List.of(analysis(layer, 0, RANDOM_LIKE, LOW), analysis(layer, 1, RANDOM_LIKE, LOW),
                analysis(layer, 2, HEAVY_TAILED, LOW), analysis(layer, 3, HEAVY_TAILED, LOW),
                analysis(layer, 3, HEAVY_TAILED, LOW), analysis(layer, 0, BULK_PLUS_SPIKES, LOW),
                analysis(layer, 4, BULK_PLUS_SPIKES, LOW));
    }

    /** Replaying the written history gives the state live processing had: the next snapshots give the same events. */
    @Test
    void aReplayedLayerContinuesAsTheLiveOneWould() {
        PhaseStates live = new PhaseStates(Hysteresis.DEFAULT);
        PhaseReplay replay = new PhaseReplay(Hysteresis.DEFAULT, Classified.CONFIG, Classified.CLASSIFIER);
        for (LayerAnalysis a : history("fc")) {
            live.observe(1, a, NOW).transition();
            replay.accept(1, a);
        }
        PhaseStates rebuilt = new PhaseStates(Hysteresis.DEFAULT);
        rebuilt.install(1, replay.layers(1));
        // Heavy-Tailed since step 3; step 4 left a Bulk+Spikes candidate that step 5 confirms in both
        LayerAnalysis next = analysis("fc", 5, BULK_PLUS_SPIKES, LOW);
        PhaseTransition fromLive = live.observe(1, next, NOW).transition().orElseThrow();
        PhaseTransition fromRebuilt = rebuilt.observe(1, next, NOW).transition().orElseThrow();
        assertEquals(fromLive, fromRebuilt);
        assertEquals("HEAVY_TAILED", fromRebuilt.getFromPhase());
        assertEquals(4, fromRebuilt.getFirstStep());
        assertEquals(3, fromRebuilt.getLastStepBefore());
    }

    /** A crash after the analysis of a confirming step was written: reprocessing it gives its transition again. */
    @Test
    void theLastReplayedAnalysisRepeatsItsTransitionWithTheSameId() {
        PhaseReplay replay = new PhaseReplay(Hysteresis.DEFAULT, Classified.CONFIG, Classified.CLASSIFIER);
        LayerAnalysis confirming = analysis("fc", 2, HEAVY_TAILED, LOW);
        for (LayerAnalysis a : List.of(analysis("fc", 0, RANDOM_LIKE, LOW), analysis("fc", 1, HEAVY_TAILED, LOW),
                confirming)) {
            replay.accept(0, a);
        }
        PhaseStates rebuilt = new PhaseStates(Hysteresis.DEFAULT);
        rebuilt.install(0, replay.layers(0));
        Optional<PhaseTransition> again = rebuilt.observe(0, confirming, NOW).transition();
        assertEquals("RANDOM_LIKE", again.orElseThrow().getFromPhase());
        assertEquals(1, again.get().getFirstStep());
        assertTrue(rebuilt.observe(0, analysis("fc", 1, HEAVY_TAILED, LOW), NOW).transition().isEmpty(), "older steps stay quiet");
    }

    @Test
    void onlyThisMonitorsConfigsCountAndPartitionsStayApart() {
        PhaseReplay replay = new PhaseReplay(Hysteresis.DEFAULT, Classified.CONFIG, Classified.CLASSIFIER);
        replay.accept(0, analysis("a", 0, RANDOM_LIKE, LOW));
        replay.accept(0, analysis("a", 1, HEAVY_TAILED, LOW, "cfg-other", Classified.CLASSIFIER));
        replay.accept(0, analysis("a", 2, HEAVY_TAILED, LOW, Classified.CONFIG, "phc-other"));
        replay.accept(2, analysis("b", 0, HEAVY_TAILED, LOW));
        assertEquals(4, replay.read());
        assertEquals(2, replay.replayed());
        assertEquals(Set.of("run/a"), replay.layers(0).keySet());
        assertEquals(0, replay.layers(0).get("run/a").lastStep());
        assertEquals(RANDOM_LIKE, replay.layers(0).get("run/a").current().orElseThrow());
        assertEquals(Set.of("run/b"), replay.layers(2).keySet());
        assertTrue(replay.layers(1).isEmpty());
    }

    @Test
    void installingAPartitionReplacesOnlyItsLayersAndDroppingForgetsThem() {
        PhaseStates states = new PhaseStates(Hysteresis.DEFAULT);
        states.observe(0, analysis("a", 5, RANDOM_LIKE, LOW), NOW).transition();
        states.observe(1, analysis("b", 5, RANDOM_LIKE, LOW), NOW).transition();
        states.observe(1, analysis("c", 5, RANDOM_LIKE, LOW), NOW).transition();
        PhaseReplay replay = new PhaseReplay(Hysteresis.DEFAULT, Classified.CONFIG, Classified.CLASSIFIER);
        replay.accept(1, analysis("b", 9, HEAVY_TAILED, LOW));
        states.install(1, replay.layers(1));
        assertEquals(2, states.size(), "c had no history in partition 1's rebuild");
        assertEquals(9, states.get("run/b").orElseThrow().lastStep());
        assertEquals(5, states.get("run/a").orElseThrow().lastStep());
        assertEquals(1, states.drop(Set.of(0)));
        assertTrue(states.get("run/a").isEmpty());
        assertEquals(1, states.size());
        // a layer first seen live starts fresh
        assertTrue(states.observe(3, analysis("new", 1, HEAVY_TAILED, LOW), NOW).transition().isEmpty());
        assertEquals(HEAVY_TAILED, states.get("run/new").orElseThrow().current().orElseThrow());
    }
}
