package io.esdmon.pipeline.phase;

import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.analysis.PhaseMessages;
import java.time.Instant;
import java.util.Optional;

/**
 * The phase state of one layer of one run: a {@link PhaseTracker} fed with the layer's classified
 * analyses in step order. Live processing and the rebuild after a restart feed it the same way, so
 * both reach the same state and the same transitions.
 *
 * <p>An analysis whose step is not after the last one tracked (a redelivery, a re-upload, a replay of
 * old snapshots) does not move the tracker. The one exception repeats rather than moves: the analysis
 * tracked last, seen again (same id), gives its transition again, so that a transition whose write
 * failed, or was never confirmed before a restart, is written when its analysis is processed again.
 * Its id is the same, so consumers that de-duplicate see it once.
 */
final class LayerPhases {

    private final PhaseTracker tracker;
    private long lastStep = Long.MIN_VALUE;
    private String lastAnalysisId = "";
    private PhaseTransition lastTransition;

    LayerPhases(Hysteresis hysteresis) {
        this.tracker = new PhaseTracker(hysteresis);
    }

    /**
     * Feeds one analysis of this layer; returns the transition it confirms (or repeats).
     *
     * @param analysis    a LayerAnalysis of this layer; without a phase (skipped layers) it is ignored
     * @param detectedAt  the time to stamp on a transition it confirms
     */
    Optional<PhaseTransition> observe(LayerAnalysis analysis, Instant detectedAt) {
        if (!analysis.hasPhase() || analysis.getPhase().getPhase().isEmpty()) {
            return Optional.empty();
        }
        long step = analysis.getLayerStep().getStep();
        if (step <= lastStep) {
            return analysis.getAnalysisId().equals(lastAnalysisId) ? Optional.ofNullable(lastTransition)
                    : Optional.empty();
        }
        Phase phase = Phase.valueOf(analysis.getPhase().getPhase());
        Optional<PhaseTracker.Transition> t = tracker.observe(step, phase, analysis.getPhase().getMargin());
        lastStep = step;
        lastAnalysisId = analysis.getAnalysisId();
        lastTransition = t.map(x -> PhaseMessages.transition(x, analysis, detectedAt)).orElse(null);
        return Optional.ofNullable(lastTransition);
    }

    /** The confirmed phase, empty before the first classified analysis. */
    Optional<Phase> current() {
        return tracker.current();
    }

    /** Step of the last analysis that moved the tracker, {@link Long#MIN_VALUE} before any. */
    long lastStep() {
        return lastStep;
    }
}
