package io.esdmon.wire.analysis;

import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseEvidence;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.phases.Signal;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.ProtoTypes;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the phase classifier's verdict into the {@code PhaseAssessment} of a LayerAnalysis, and a
 * tracker's transition into the {@code PhaseTransition} record of esd.transitions.
 *
 * <p>The assessment lists one {@code Evidence} per signal the classifier computed, in the order of its
 * rules: a signal compared with a threshold carries the comparison that held for this layer
 * ({@code value relation threshold} is true), its margin in standard errors, and whether it belongs to
 * the path of rules that settled the phase; a signal only reported has an empty relation. Signals the
 * classifier did not reach (everything after the bulk fit for a rank-collapsed layer) are left out.
 */
public final class PhaseMessages {

    private PhaseMessages() {
    }

    /**
     * The assessment of one classified layer, without a tracked phase (the phase stage adds it).
     *
     * @param call                what the classifier returned
     * @param classifierConfigId  {@link DeterministicIds#classifierConfigId} of the config used
     */
    public static PhaseAssessment assessment(PhaseCall call, String classifierConfigId) {
        PhaseEvidence e = call.evidence();
        PhaseAssessment.Builder b = PhaseAssessment.newBuilder().setPhase(call.phase().name())
                .setClassifierConfigId(classifierConfigId).setMargin(call.margin()).setRule(e.rule().name());
        for (Signal s : e.signals()) {
            if (!Double.isNaN(s.value())) {
                b.addEvidence(Evidence.newBuilder().setSignal(s.name()).setValue(s.value())
                        .setRelation(s.relation().symbol())
                        .setThreshold(Double.isNaN(s.threshold()) ? 0 : s.threshold())
                        .setMargin(Double.isNaN(s.margin()) ? 0 : s.margin())
                        .setDecisive(s.deciding()).setNote(s.note()));
            }
        }
        e.correlationTraps().ifPresent(b::setCorrelationTraps);
        return b.build();
    }

    /**
     * The phase alerts, metrics and timelines show for an assessment: the layer's tracked (confirmed) phase,
     * or the snapshot's own phase while the layer has none (before its first determined phase, or when no
     * tracker ran); empty when the layer was not classified.
     */
    public static String shownPhase(PhaseAssessment phase) {
        return phase.getTrackedPhase().isEmpty() ? phase.getPhase() : phase.getTrackedPhase();
    }

    /** {@code analysis} with the layer's confirmed phase after it set (empty when it has none yet). */
    public static LayerAnalysis withTrackedPhase(LayerAnalysis analysis, Optional<Phase> tracked) {
        if (!analysis.hasPhase()) {
            return analysis;
        }
        return analysis.toBuilder().setPhase(analysis.getPhase().toBuilder()
                .setTrackedPhase(tracked.map(Phase::name).orElse(""))).build();
    }

    /**
     * The transition a tracker confirmed on {@code confirming}, the classified analysis of its
     * confirming step; the evidence and config ids are that analysis's.
     */
    public static PhaseTransition transition(PhaseTracker.Transition t, LayerAnalysis confirming,
            Instant detectedAt) {
        LayerStep step = confirming.getLayerStep();
        PhaseAssessment phase = confirming.getPhase();
        if (!phase.getPhase().equals(t.to().name()) || step.getStep() != t.step()) {
            throw new IllegalArgumentException("analysis " + confirming.getAnalysisId() + " (step " + step.getStep()
                    + ", " + phase.getPhase() + ") did not confirm " + t);
        }
        return PhaseTransition.newBuilder()
                .setTransitionId(DeterministicIds.transitionId(step.getRunId(), step.getLayer(), step.getStep(),
                        confirming.getConfigId(), phase.getClassifierConfigId()))
                .setLayerStep(step).setFromPhase(t.from().name()).setToPhase(t.to().name())
                .setFirstStep(t.firstSeenStep()).setLastStepBefore(t.lastStepBefore())
                .addAllEvidence(phase.getEvidenceList()).setAnalysisId(confirming.getAnalysisId())
                .setConfigId(confirming.getConfigId()).setClassifierConfigId(phase.getClassifierConfigId())
                .setDetectedAt(ProtoTypes.timestamp(detectedAt))
                .build();
    }
}
