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
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.DeterministicIds;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The evidence of a phase call as it goes on the wire, on reference matrices that reach every rule. */
class PhaseMessagesTest {

    private static final LayerAnalyzer ANALYZER = new LayerAnalyzer(AnalysisOptions.defaults());
    private static final PhaseThresholds T = PhaseThresholds.DEFAULTS;
    private static final PhaseClassifier CLASSIFIER = new PhaseClassifier(T);

    /** A reference matrix, classified from its weights or (spectrum only) from its eigenvalues alone. */
    private record Case(String matrix, boolean spectrumOnly) {
        PhaseCall call() {
            LayerAnalysis a = analysis(matrix);
            Spectrum s = a.spectrum();
            return spectrumOnly ? CLASSIFIER.classify(s.evals(), s.n(), s.m(), Optional.empty()) : CLASSIFIER.classify(a);
        }

        int numEvals() {
            return analysis(matrix).spectrum().numEvals();
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

    /**
     * Between them these reach all seven rules (checked by {@link #theCasesCoverEveryRule}), both
     * outcomes of the tail rules, and spectrum-only calls (no shuffled spectrum).
     */
    private static final Case[] CASES = {
        new Case("gauss_1000x500", false),
        new Case("spiked_1000x500_3spikes", false),
        new Case("pareto_mu1.5_1000x500", false),
        new Case("lowrank10_1000x500_noise1e-4", false),
        new Case("mlp_bs8_ep150_fc2_512x1024", false),
        new Case("studentt_mu3.5_1000x500", true),
        new Case("pareto_mu2.5_1000x500", true),
        new Case("pareto_mu1.5_1000x500", true),
    };

    @Test
    void theCasesCoverEveryRule() {
        Set<DecidingRule> rules = Stream.of(CASES).map(c -> c.call().evidence().rule()).collect(Collectors.toSet());
        assertEquals(Set.of(DecidingRule.values()), rules);
    }

    @TestFactory
    Stream<DynamicTest> everyComparisonHoldsAndTheDecidingRuleSignalsAreMarked() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            PhaseCall call = c.call();
            PhaseAssessment a = PhaseMessages.assessment(call, T, c.numEvals(), "phc-test");
            assertEquals(call.phase().name(), a.getPhase());
            assertEquals(call.evidence().rule().name(), a.getRule());
            assertEquals(call.margin(), a.getMargin(), 0);
            assertEquals("phc-test", a.getClassifierConfigId());
            Map<String, Evidence> bySignal = a.getEvidenceList().stream().collect(Collectors.toMap(Evidence::getSignal,
                    Function.identity()));
            assertEquals(a.getEvidenceCount(), bySignal.size(), "one Evidence per signal");
            for (Evidence e : a.getEvidenceList()) {
                assertFalse(Double.isNaN(e.getValue()), e.toString());
                assertFalse(e.getNote().isBlank(), e.getSignal());
                assertTrue(holds(e), c + ": " + e.getSignal() + " " + e.getValue() + " " + e.getRelation() + " "
                        + e.getThreshold());
                if (e.getRelation().isEmpty()) {
                    assertFalse(e.getDecisive() && !e.getSignal().equals("alpha"), "a reported signal decided: " + e);
                }
            }
            assertEquals(expectedDecisive(call, c.numEvals()), decisive(a), c + " " + call.evidence().rule());
        }));
    }

    /** The signals that decide each rule, from docs/phases.md, independent of the mapping's code. */
    private static Set<String> expectedDecisive(PhaseCall call, int numEvals) {
        return switch (call.evidence().rule()) {
            case NEAR_ZERO_MASS -> Set.of("near_zero_fraction");
            case OUTLIERS_SURVIVE_SHUFFLE -> Set.of("num_outliers", "shuffled_outliers");
            case NO_OUTLIERS -> Set.of("num_outliers", "top_edge_sigmas");
            case SEPARATED_SPIKES -> Set.of("num_outliers", "top_separation");
            case FEW_NEAR_EDGE -> Set.of("num_outliers", "num_near_edge", "top_separation");
            case MP_FIT_REJECTED, MANY_OUTLIERS -> {
                Set<String> s = new TreeSet<>();
                if (call.evidence().rule() == DecidingRule.MP_FIT_REJECTED) {
                    s.add("bulk_ks");
                } else {
                    if (call.evidence().numOutliers() > T.fewNearEdgeMin() + T.maxSpikeFraction() * numEvals) {
                        s.add("num_outliers");
                    }
                    if (call.evidence().numNearEdge() > Math.max(T.fewNearEdgeMin(), T.fewNearEdgeFraction()
                            * numEvals)) {
                        s.add("num_near_edge");
                    }
                }
                boolean lowAlpha = call.evidence().alpha() > 0 && call.evidence().alpha() <= T.heavyAlpha();
                boolean far = call.evidence().lambdaMax() >= T.heavyLambdaRatio() * call.evidence().lambdaPlus();
                if (call.phase() == Phase.HEAVY_TAILED) {
                    s.addAll(Set.of("alpha", "mp_softrank"));
                } else {
                    if (!lowAlpha) {
                        s.add("alpha");
                    }
                    if (!far) {
                        s.add("mp_softrank");
                    }
                }
                yield s;
            }
        };
    }

    private static Set<String> decisive(PhaseAssessment a) {
        return a.getEvidenceList().stream().filter(Evidence::getDecisive).map(Evidence::getSignal)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean holds(Evidence e) {
        double v = e.getValue();
        double t = e.getThreshold();
        return switch (e.getRelation()) {
            case "" -> true;
            case "==" -> v == t;
            case "<" -> v < t;
            case "<=" -> v <= t;
            case ">" -> v > t;
            case ">=" -> v >= t;
            case "in" -> v >= t && v <= e.getThresholdHigh();
            default -> false;
        };
    }

    @Test
    void thresholdsAreTheConfiguredOnes() {
        PhaseThresholds custom = T.with(Map.of("heavyAlpha", "3.5", "heavyLambdaRatio", "4", "rankCollapseFraction",
                "0.3", "edgeSigmas", "5"));
        LayerAnalysis a = analysis("mlp_bs8_ep150_fc2_512x1024");
        PhaseCall call = new PhaseClassifier(custom).classify(a);
        Map<String, Evidence> e = PhaseMessages.assessment(call, custom, a.spectrum().numEvals(), "x").getEvidenceList()
                .stream().collect(Collectors.toMap(Evidence::getSignal, Function.identity()));
        assertEquals(0.3, e.get("near_zero_fraction").getThreshold(), 0);
        assertEquals(3.5, e.get("alpha").getThreshold(), 0);
        assertEquals(0.25, e.get("mp_softrank").getThreshold(), 1e-15);
        assertEquals(5, e.get("top_edge_sigmas").getThreshold(), 0);
        assertEquals(call.evidence().bulkKsLimit(), e.get("bulk_ks").getThreshold(), 0);
        assertEquals(call.evidence().alpha(), e.get("alpha").getValue(), 0);
        assertEquals(call.evidence().lambdaMax(), e.get("lambda_max").getValue(), 0);
    }

    @Test
    void aRankCollapsedLayerReportsOnlyWhatWasComputed() {
        PhaseCall call = CLASSIFIER.classify(analysis("lowrank20_500x250_exact"));
        PhaseAssessment a = PhaseMessages.assessment(call, T, 250, "x");
        assertEquals("RANK_COLLAPSE", a.getPhase());
        assertEquals(Set.of("near_zero_fraction", "lambda_max", "stable_rank"), a.getEvidenceList().stream()
                .map(Evidence::getSignal).collect(Collectors.toSet()));
    }

    @Test
    void aTransitionCarriesItsIdsStepsAndTheConfirmingEvidence() {
        PhaseCall call = CLASSIFIER.classify(analysis("spiked_1000x500_3spikes"));
        LayerStep step = LayerStep.newBuilder().setRunId("run-1").setLayer("fc1").setStep(300).build();
        io.esdmon.proto.LayerAnalysis confirming = io.esdmon.proto.LayerAnalysis.newBuilder()
                .setAnalysisId(DeterministicIds.analysisId("run-1", "fc1", 300, "cfg-a")).setLayerStep(step)
                .setConfigId("cfg-a").setPhase(PhaseMessages.assessment(call, T, 500, "phc-b")).build();
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
