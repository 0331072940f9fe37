package io.esdmon.pipeline.phase;

import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.analysis.PhaseMessages;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

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
 *
 * <p>Public because a replay ({@code monitor/replay}) feeds re-analyzed snapshots through the same
 * state, so that the live path and a replay cannot drift apart.
 */
public final class LayerPhases {

    /** Changes of the confirmed phase kept to answer for old steps; a layer rarely has more than a few. */
    private static final int MAX_CHANGES = 256;

    private final PhaseTracker tracker;
    /** The step from which each confirmed phase held: the first determined phase, then every transition. */
    private final NavigableMap<Long, Phase> trackedSince = new TreeMap<>();
    private long lastStep = Long.MIN_VALUE;
    private String lastAnalysisId = "";
    private PhaseTransition lastTransition;

    public LayerPhases(Hysteresis hysteresis) {
        this.tracker = new PhaseTracker(hysteresis);
    }

    /**
     * What tracking one analysis gave: the analysis with the layer's confirmed phase after it
     * ({@code tracked_phase}), and the transition it confirmed (or repeats).
     */
    public record Observed(LayerAnalysis analysis, Optional<PhaseTransition> transition) {
    }

    /**
     * Feeds one analysis of this layer.
     *
     * @param analysis    a LayerAnalysis of this layer; without a phase (skipped layers) it is ignored
     * @param detectedAt  the time to stamp on a transition it confirms
     */
    public Observed observe(LayerAnalysis analysis, Instant detectedAt) {
        Optional<PhaseTransition> t = track(analysis, detectedAt);
        return new Observed(PhaseMessages.withTrackedPhase(analysis, trackedAt(analysis.getLayerStep().getStep())), t);
    }

    /**
     * The confirmed phase as it was after {@code step}, so that an analysis processed again after a
     * restart carries the tracked phase its first copy carried, whatever happened since.
     */
    private Optional<Phase> trackedAt(long step) {
        return Optional.ofNullable(trackedSince.floorEntry(step)).map(Map.Entry::getValue);
    }

    private Optional<PhaseTransition> track(LayerAnalysis analysis, Instant detectedAt) {
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
        tracker.current().filter(p -> !p.equals(trackedAt(step).orElse(null))).ifPresent(p -> {
            trackedSince.put(step, p);
            if (trackedSince.size() > MAX_CHANGES) {
                trackedSince.pollFirstEntry();
            }
        });
        lastStep = step;
        lastAnalysisId = analysis.getAnalysisId();
        lastTransition = t.map(x -> PhaseMessages.transition(x, analysis, detectedAt)).orElse(null);
        return Optional.ofNullable(lastTransition);
    }

    /** The confirmed phase, empty before the first classified analysis. */
    public Optional<Phase> current() {
        return tracker.current();
    }

    /** Step of the last analysis that moved the tracker, {@link Long#MIN_VALUE} before any. */
    public long lastStep() {
        return lastStep;
    }
}
