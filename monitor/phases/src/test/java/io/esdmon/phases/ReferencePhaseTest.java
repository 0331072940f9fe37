package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The classifier on the WeightWatcher reference matrices. */
class ReferencePhaseTest {

    private static final LayerAnalyzer ANALYZER = new LayerAnalyzer(AnalysisOptions.defaults());
    private static final PhaseClassifier CLASSIFIER = new PhaseClassifier(PhaseThresholds.DEFAULTS);

    /** Matrices whose phase follows from how they were made (manifest.json). */
    private static final Map<String, Phase> BY_CONSTRUCTION = Map.ofEntries(
            Map.entry("gauss_1000x500", Phase.RANDOM_LIKE),
            Map.entry("gauss_500x500", Phase.RANDOM_LIKE),
            Map.entry("gauss_250x1000_wide", Phase.RANDOM_LIKE),
            Map.entry("gauss_1000x500_scale3e-3", Phase.RANDOM_LIKE),
            Map.entry("gauss_1000x500_std1", Phase.RANDOM_LIKE),
            Map.entry("mlp_init_fc2_512x1024", Phase.RANDOM_LIKE),
            Map.entry("conv_32x16x3x3_init", Phase.RANDOM_LIKE),
            Map.entry("spiked_1000x500_3spikes", Phase.BULK_PLUS_SPIKES),
            Map.entry("pareto_mu1.5_1000x500", Phase.HEAVY_TAILED),
            Map.entry("lowrank10_1000x500_noise1e-4", Phase.RANK_COLLAPSE),
            Map.entry("lowrank20_500x250_exact", Phase.RANK_COLLAPSE),
            Map.entry("gauss_100x8_toosmall", Phase.UNDETERMINED),
            Map.entry("mlp_bs8_ep150_fc3_10x512", Phase.UNDETERMINED));

    private static PhaseCall classify(Weights w) {
        LayerAnalyzer analyzer = w.shape()[w.shape().length - 1] * (long) w.shape()[0] < 10_000
                ? new LayerAnalyzer(AnalysisOptions.defaults().withEvalLimits(1, 15000, 50000)) : ANALYZER;
        return CLASSIFIER.classify((LayerAnalysis) analyzer.analyze(w));
    }

    @TestFactory
    Stream<DynamicTest> unambiguousMatricesGetTheirPhase() {
        return BY_CONSTRUCTION.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    PhaseCall call = classify(Npy.referenceMatrix(e.getKey()));
                    assertEquals(e.getValue(), call.phase(), () -> e.getKey() + ": " + call.evidence());
                }));
    }

    @Test
    void smallerBatchIsFurtherAlongAfterTraining() {
        Phase bs8 = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024")).phase();
        Phase bs512 = classify(Npy.referenceMatrix("mlp_bs512_ep150_fc2_512x1024")).phase();
        assertEquals(Phase.HEAVY_TAILED, bs8);
        assertEquals(Phase.BULK_PLUS_SPIKES, bs512);
    }

    /**
     * Element-wise heavy tails with μ above 2 give outliers that survive shuffling: correlation traps, which
     * are reported and never make a layer Heavy-Tailed.
     */
    @TestFactory
    Stream<DynamicTest> moderatelyHeavyEntriesShowTrapsNotAHeavyTailedLabel() {
        return Stream.of("pareto_mu2.5_1000x500", "studentt_mu3.5_1000x500").map(name ->
                DynamicTest.dynamicTest(name, () -> {
                    PhaseCall call = classify(Npy.referenceMatrix(name));
                    assertNotEquals(Phase.HEAVY_TAILED, call.phase(), () -> name + ": " + call.evidence());
                    assertTrue(call.evidence().correlationTraps().orElseThrow() >= 1, () -> name + ": "
                            + call.evidence());
                }));
    }

    /** The phase comes from the spectrum alone: with or without the shuffled spectrum it is the same. */
    @TestFactory
    Stream<DynamicTest> weightsAndSpectrumOnlyGetTheSamePhase() {
        return BY_CONSTRUCTION.keySet().stream().sorted().filter(n -> !n.contains("toosmall") && !n.contains("10x512"))
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    LayerAnalysis a = (LayerAnalysis) ANALYZER.analyze(Npy.referenceMatrix(name));
                    PhaseCall withWeights = CLASSIFIER.classify(a);
                    var s = a.spectrum();
                    PhaseCall spectrumOnly = CLASSIFIER.classify(s.evals(), s.n(), s.m(), s.rf(), Optional.empty());
                    assertEquals(withWeights.phase(), spectrumOnly.phase());
                    assertEquals(withWeights.margin(), spectrumOnly.margin());
                    assertTrue(withWeights.evidence().correlationTraps().isPresent());
                    assertTrue(spectrumOnly.evidence().correlationTraps().isEmpty());
                }));
    }

    /** WeightWatcher's alpha changes when a layer is scaled by 2e-3 (absolute floor); the phase must not. */
    @Test
    void phaseIsScaleFree() {
        PhaseCall original = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024"));
        PhaseCall scaled = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_scaled2e-3"));
        assertEquals(original.phase(), scaled.phase());
        double alpha = original.evidence().value("alpha");
        assertEquals(alpha, scaled.evidence().value("alpha"), 1e-6 * alpha);

        Weights w = Npy.referenceMatrix("spiked_1000x500_3spikes");
        double[] data = new double[w.values().length()];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1e4 * w.values().get(i);
        }
        Weights big = new Weights("spiked_x1e4", w.kind(), w.shape(), new WeightValues.F64(data));
        assertEquals(classify(w).phase(), classify(big).phase());
    }
}
