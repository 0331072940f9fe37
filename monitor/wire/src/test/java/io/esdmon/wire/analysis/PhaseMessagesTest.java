package io.esdmon.wire.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.DecidingRule;
import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker;
import io.esdmon.phases.Signal;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The evidence of a phase call as it goes on the wire, on reference matrices that reach most rules. */
class PhaseMessagesTest {

    private static final LayerAnalyzer ANALYZER = new LayerAnalyzer(AnalysisOptions.defaults()
            .withEvalLimits(1, 15000, 50000));
    private static final PhaseClassifier CLASSIFIER = new PhaseClassifier(PhaseThresholds.DEFAULTS);

    /** A reference matrix, classified from its weights or (spectrum only) from its eigenvalues alone. */
    private record Case(String matrix, boolean spectrumOnly) {
        PhaseCall call() {
            LayerAnalysis a = analysis(matrix);
            Spectrum s = a.spectrum();
            return spectrumOnly ? CLASSIFIER.classify(s.evals(), s.n(), s.m(), s.rf(), Optional.empty())
                    : CLASSIFIER.classify(a);
        }

        @Override
        public String toString() {
            return matrix + (spectrumOnly ? " (spectrum only)" : "");
        }
    }

    private static final Map<String, LayerAnalysis> ANALYSES = new java.util.concurrent.ConcurrentHashMap<>();

    private static LayerAnalysis analysis(String matrix) {
        return ANALYSES.computeIfAbsent(matrix, m -> (LayerAnalysis) ANALYZER.analyze(Npy.referenceMatrix(m)));
    }

    private static final Case[] CASES = {
        new Case("gauss_1000x500", false),
        new Case("gauss_100x8_toosmall", false),
        new Case("spiked_1000x500_3spikes", false),
        new Case("pareto_mu1.5_1000x500", false),
        new Case("lowrank10_1000x500_noise1e-4", false),
        new Case("mlp_bs8_ep150_fc2_512x1024", false),
        new Case("studentt_mu3.5_1000x500", true),
        new Case("pareto_mu2.5_1000x500", true),
        new Case("pareto_mu1.5_1000x500", true),
    };

    @Test
    void theCasesReachMostRules() {
        Set<DecidingRule> rules = Stream.of(CASES).map(c -> c.call().evidence().rule()).collect(Collectors.toSet());
        assertTrue(rules.size() >= 6, "rules reached: " + rules);
    }

    /** Every signal goes on the wire with its comparison, margin and deciding flag, in the classifier's order. */
    @TestFactory
    Stream<DynamicTest> theAssessmentMirrorsTheCall() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            PhaseCall call = c.call();
            PhaseAssessment a = PhaseMessages.assessment(call, "phc-test");
            assertEquals(call.phase().name(), a.getPhase());
            assertEquals(call.evidence().rule().name(), a.getRule());
            assertEquals(call.margin(), a.getMargin(), 0);
            assertEquals("phc-test", a.getClassifierConfigId());
            assertEquals("", a.getTrackedPhase(), "the classifier alone tracks nothing");
            assertEquals(call.evidence().correlationTraps().isPresent(), a.hasCorrelationTraps());
            assertEquals(!c.spectrumOnly(), a.hasCorrelationTraps(), "traps exactly when weights were shuffled");
            List<Signal> signals = call.evidence().signals();
            assertEquals(signals.size(), a.getEvidenceCount());
            for (int i = 0; i < signals.size(); i++) {
                Signal s = signals.get(i);
                Evidence e = a.getEvidence(i);
                assertEquals(s.name(), e.getSignal());
                assertEquals(s.value(), e.getValue(), 0);
                assertEquals(s.deciding(), e.getDecisive());
                assertFalse(e.getNote().isBlank(), e.getSignal());
                assertTrue(holds(e), c + ": " + e.getSignal() + " " + e.getValue() + " " + e.getRelation() + " "
                        + e.getThreshold());
                if (e.getRelation().isEmpty()) {
                    assertFalse(e.getDecisive(), "a reported signal decided: " + e);
                } else {
                    assertEquals(Math.min(PhaseCall.MAX_MARGIN, s.margin()), e.getMargin(), 1e-12);
                }
            }
            if (call.phase().isDetermined()) {
                assertTrue(a.getEvidenceList().stream().anyMatch(Evidence::getDecisive), "something decided");
            } else {
                assertEquals(0, a.getMargin());
            }
        }));
    }

    private static boolean holds(Evidence e) {
        double v = e.getValue();
        double t = e.getThreshold();
        return switch (e.getRelation()) {
            case "" -> true;
            case "<" -> v < t;
            case "<=" -> v <= t;
            case ">" -> v > t;
            case ">=" -> v >= t;
            default -> false;
        };
    }

    @Test
    void thresholdsAreTheConfiguredOnes() {
        PhaseThresholds custom = PhaseThresholds.DEFAULTS.with(Map.of("heavyAlpha", "3.5", "rankCollapseFraction",
                "0.3", "bulkMisfitSigmas", "5"));
        LayerAnalysis a = analysis("mlp_bs8_ep150_fc2_512x1024");
        PhaseCall call = new PhaseClassifier(custom).classify(a);
        Map<String, Evidence> e = PhaseMessages.assessment(call, "x").getEvidenceList()
                .stream().collect(Collectors.toMap(Evidence::getSignal, Function.identity()));
        assertEquals(0.3, e.get("near_zero_fraction").getThreshold(), 0);
        assertEquals(3.5, e.get("alpha").getThreshold(), 0);
        assertEquals(5, e.get("bulk_misfit_sigmas").getThreshold(), 0);
        assertEquals(call.evidence().value("alpha"), e.get("alpha").getValue(), 0);
        assertEquals(call.evidence().value("lambda_max"), e.get("lambda_max").getValue(), 0);
    }

    @Test
    void aRankCollapsedLayerReportsOnlyWhatWasComputed() {
        PhaseCall call = CLASSIFIER.classify(analysis("lowrank20_500x250_exact"));
        PhaseAssessment a = PhaseMessages.assessment(call, "x");
        assertEquals("RANK_COLLAPSE", a.getPhase());
        assertEquals(Set.of("num_evals", "near_zero_fraction"), a.getEvidenceList().stream()
                .map(Evidence::getSignal).collect(Collectors.toSet()));
    }

    @Test
    void theTrackedPhaseIsSetOnTheAnalysis() {
        PhaseCall call = CLASSIFIER.classify(analysis("spiked_1000x500_3spikes"));
        io.esdmon.proto.LayerAnalysis a = io.esdmon.proto.LayerAnalysis.newBuilder()
                .setPhase(PhaseMessages.assessment(call, "x")).build();
        assertEquals("RANDOM_LIKE", PhaseMessages.withTrackedPhase(a, Optional.of(Phase.RANDOM_LIKE)).getPhase()
                .getTrackedPhase());
        assertEquals("", PhaseMessages.withTrackedPhase(a, Optional.empty()).getPhase().getTrackedPhase());
        assertEquals("RANK_COLLAPSE", PhaseMessages.shownPhase(PhaseMessages.withTrackedPhase(a,
                Optional.of(Phase.RANK_COLLAPSE)).getPhase()), "the tracked phase is shown");
        assertEquals(call.phase().name(), PhaseMessages.shownPhase(PhaseMessages.withTrackedPhase(a,
                Optional.empty()).getPhase()), "the snapshot's own phase until the layer has a tracked one");
        assertEquals("", PhaseMessages.shownPhase(PhaseAssessment.getDefaultInstance()), "not classified");
        io.esdmon.proto.LayerAnalysis skipped = io.esdmon.proto.LayerAnalysis.getDefaultInstance();
        assertFalse(PhaseMessages.withTrackedPhase(skipped, Optional.of(Phase.RANDOM_LIKE)).hasPhase());
    }

    @Test
    void aTransitionCarriesItsIdsStepsAndTheConfirmingEvidence() {
        PhaseCall call = CLASSIFIER.classify(analysis("spiked_1000x500_3spikes"));
        LayerStep step = LayerStep.newBuilder().setRunId("run-1").setLayer("fc1").setStep(300).build();
        io.esdmon.proto.LayerAnalysis confirming = io.esdmon.proto.LayerAnalysis.newBuilder()
                .setAnalysisId(DeterministicIds.analysisId("run-1", "fc1", 300, "cfg-a")).setLayerStep(step)
                .setConfigId("cfg-a").setPhase(PhaseMessages.assessment(call, "phc-b")).build();
        PhaseTracker.Transition t = new PhaseTracker.Transition(Phase.RANDOM_LIKE, Phase.BULK_PLUS_SPIKES, 100, 200,
                300);
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 5);
        PhaseTransition out = PhaseMessages.transition(t, confirming, at);
        assertEquals(DeterministicIds.transitionId("run-1", "fc1", 300, "cfg-a", "phc-b"), out.getTransitionId());
        assertEquals("RANDOM_LIKE", out.getFromPhase());
        assertEquals("BULK_PLUS_SPIKES", out.getToPhase());
        assertEquals(200, out.getFirstStep());
        assertEquals(100, out.getLastStepBefore());
        assertEquals(step, out.getLayerStep());
        assertEquals(confirming.getAnalysisId(), out.getAnalysisId());
        assertEquals(confirming.getPhase().getEvidenceList(), out.getEvidenceList());
        assertEquals("cfg-a", out.getConfigId());
        assertEquals("phc-b", out.getClassifierConfigId());
        assertEquals(at, Instant.ofEpochSecond(out.getDetectedAt().getSeconds(), out.getDetectedAt().getNanos()));

        PhaseTracker.Transition other = new PhaseTracker.Transition(Phase.RANDOM_LIKE, Phase.HEAVY_TAILED, 100, 200,
                300);
        var e = assertThrows(IllegalArgumentException.class, () -> PhaseMessages.transition(other, confirming, at));
        assertTrue(e.getMessage().contains("did not confirm"), e.getMessage());
    }
}
