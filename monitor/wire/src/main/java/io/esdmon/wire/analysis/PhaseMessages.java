package io.esdmon.wire.analysis;

import io.esdmon.phases.DecidingRule;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseEvidence;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.ProtoTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the phase classifier's verdict into the {@code PhaseAssessment} of a LayerAnalysis, and a
 * tracker's transition into the {@code PhaseTransition} record of esd.transitions.
 *
 * <p>The assessment lists one {@code Evidence} per signal the classifier computed, in the order of its
 * rules. A signal that a rule compares with a threshold carries the comparison that held for this
 * layer ({@code value relation threshold} is true) and is decisive when it belongs to the rule that
 * settled the phase; the others are reported with an empty relation. Signals the classifier did not
 * reach (everything after the bulk fit for a rank-collapsed layer) are left out.
 */
public final class PhaseMessages {

    private static final Set<DecidingRule> SPIKE_RULES = EnumSet.of(DecidingRule.FEW_NEAR_EDGE,
            DecidingRule.SEPARATED_SPIKES);
    private static final Set<DecidingRule> TAIL_RULES = EnumSet.of(DecidingRule.MP_FIT_REJECTED,
            DecidingRule.MANY_OUTLIERS);

    private PhaseMessages() {
    }

    /**
     * The assessment of one classified layer.
     *
     * @param call                what the classifier returned
     * @param t                   the thresholds it used
     * @param numEvals            the layer's number of eigenvalues (M·rf), which scales the outlier counts' limits
     * @param classifierConfigId  {@link DeterministicIds#classifierConfigId} of the config used
     */
    public static PhaseAssessment assessment(PhaseCall call, PhaseThresholds t, int numEvals,
            String classifierConfigId) {
        PhaseEvidence e = call.evidence();
        DecidingRule rule = e.rule();
        List<Evidence> out = new ArrayList<>();
        compare(out, "near_zero_fraction", e.nearZeroFraction(), e.nearZeroFraction() >= t.rankCollapseFraction(),
                ">=", "<", t.rankCollapseFraction(), rule == DecidingRule.NEAR_ZERO_MASS,
                "share of eigenvalues at zero");
        if (!Double.isNaN(e.lambdaPlus())) {
            bulkSignals(out, e, t, numEvals);
        }
        report(out, "lambda_max", e.lambdaMax(), "largest eigenvalue");
        report(out, "stable_rank", e.stableRank(), "sum of eigenvalues / lambda_max");
        return PhaseAssessment.newBuilder().setPhase(call.phase().name()).setClassifierConfigId(classifierConfigId)
                .addAllEvidence(out).setMargin(call.margin()).setRule(rule.name()).build();
    }

    /** The signals of the robust bulk fit and what the rules after it compared. */
    private static void bulkSignals(List<Evidence> out, PhaseEvidence e, PhaseThresholds t, int numEvals) {
        DecidingRule rule = e.rule();
        double maxSpikes = t.fewNearEdgeMin() + t.maxSpikeFraction() * numEvals;
        double few = Math.max(t.fewNearEdgeMin(), t.fewNearEdgeFraction() * numEvals);
        int outliers = e.numOutliers();
        String outlierNote = "eigenvalues beyond the MP edge plus " + t.edgeSigmas() + " Tracy-Widom units";
        boolean outliersDecide = rule == DecidingRule.OUTLIERS_SURVIVE_SHUFFLE || SPIKE_RULES.contains(rule);
        if (outliers == 0) {
            out.add(evidence("num_outliers", 0, "==", 0, rule == DecidingRule.NO_OUTLIERS, outlierNote));
        } else if (outliers > maxSpikes) {
            out.add(evidence("num_outliers", outliers, ">", maxSpikes,
                    outliersDecide || rule == DecidingRule.MANY_OUTLIERS, outlierNote));
        } else {
            out.add(evidence("num_outliers", outliers, "in", 1, outliersDecide, outlierNote).toBuilder()
                    .setThresholdHigh(maxSpikes).build());
        }
        if (e.shuffledOutliers().isPresent()) {
            double shuffled = e.shuffledOutliers().getAsDouble();
            String note = "outliers of the shuffled weights' ESD, per shuffle";
            if (outliers > 0) {
                double needed = Math.max(1, t.shuffledShare() * outliers);
                compare(out, "shuffled_outliers", shuffled, shuffled >= needed, ">=", "<", needed,
                        rule == DecidingRule.OUTLIERS_SURVIVE_SHUFFLE, note);
            } else {
                report(out, "shuffled_outliers", shuffled, note);
            }
        }
        compare(out, "bulk_ks", e.bulkKs(), e.bulkKs() >= e.bulkKsLimit(), ">=", "<", e.bulkKsLimit(),
                rule == DecidingRule.MP_FIT_REJECTED, "KS distance of the bulk from its MP fit");
        compare(out, "top_edge_sigmas", e.topEdgeSigmas(), e.topEdgeSigmas() > t.edgeSigmas(), ">", "<=", t.edgeSigmas(),
                rule == DecidingRule.NO_OUTLIERS, "lambda_max beyond the MP edge, in Tracy-Widom units");
        compare(out, "num_near_edge", e.numNearEdge(), e.numNearEdge() > few, ">", "<=", few,
                rule == DecidingRule.FEW_NEAR_EDGE || rule == DecidingRule.MANY_OUTLIERS && e.numNearEdge() > few,
                "outliers less than " + t.separatedWidths() + " bulk widths beyond the edge");
        compare(out, "top_separation", e.topSeparation(), e.topSeparation() >= t.separatedWidths(), ">=", "<",
                t.separatedWidths(), SPIKE_RULES.contains(rule), "lambda_max beyond the MP edge, in bulk widths");
        tailSignals(out, e, t);
        report(out, "num_separated", e.numSeparated(), "outliers at least " + t.separatedWidths()
                + " bulk widths beyond the edge");
        report(out, "robust_bulk_max", e.lambdaPlus(), "upper edge of the robust MP fit of the bulk");
        report(out, "robust_bulk_min", e.lambdaMinus(), "lower edge of the robust MP fit of the bulk");
        report(out, "robust_bulk_scale", e.bulkScale(), "mean eigenvalue of the robust MP bulk");
        report(out, "edge_sigma", e.edgeSigma(), "Tracy-Widom unit at the edge");
        report(out, "D", e.alphaD(), "KS distance of the power-law fit");
    }

    /**
     * α and λ_max/λ₊, which tell Heavy-Tailed from Bulk-decay once the MP bulk fails or the edge
     * decays: both decide a Heavy-Tailed call; the one that failed decides a Bulk-decay call.
     */
    private static void tailSignals(List<Evidence> out, PhaseEvidence e, PhaseThresholds t) {
        boolean tail = TAIL_RULES.contains(e.rule());
        boolean alphaFitted = e.alpha() > 0;
        boolean lowAlpha = alphaFitted && e.alpha() <= t.heavyAlpha();
        boolean farTop = e.lambdaMax() / e.lambdaPlus() >= t.heavyLambdaRatio();
        boolean heavy = lowAlpha && farTop;
        String alphaNote = "power-law exponent of the tail (scale-free fit)";
        if (alphaFitted) {
            compare(out, "alpha", e.alpha(), lowAlpha, "<=", ">", t.heavyAlpha(), tail && (heavy || !lowAlpha),
                    alphaNote);
        } else {
            out.add(evidence("alpha", e.alpha(), "", 0, tail && !heavy, alphaNote + "; the fit failed"));
        }
        compare(out, "mp_softrank", e.mpSoftrank(), farTop, "<=", ">", 1 / t.heavyLambdaRatio(),
                tail && (heavy || !farTop), "MP edge / lambda_max, robust fit");
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

    private static void compare(List<Evidence> out, String signal, double value, boolean holds, String relation,
            String negation, double threshold, boolean decisive, String note) {
        if (!Double.isNaN(value)) {
            out.add(evidence(signal, value, holds ? relation : negation, threshold, decisive, note));
        }
    }

    private static void report(List<Evidence> out, String signal, double value, String note) {
        if (!Double.isNaN(value)) {
            out.add(evidence(signal, value, "", 0, false, note));
        }
    }

    private static Evidence evidence(String signal, double value, String relation, double threshold,
            boolean decisive, String note) {
        return Evidence.newBuilder().setSignal(signal).setValue(value).setRelation(relation).setThreshold(threshold)
                .setDecisive(decisive).setNote(note).build();
    }
}
