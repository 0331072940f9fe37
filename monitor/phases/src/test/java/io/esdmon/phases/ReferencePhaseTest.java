package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import java.util.Map;
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
            Map.entry("pareto_mu2.5_1000x500", Phase.HEAVY_TAILED),
            Map.entry("studentt_mu3.5_1000x500", Phase.HEAVY_TAILED),
            Map.entry("lowrank10_1000x500_noise1e-4", Phase.RANK_COLLAPSE),
            Map.entry("lowrank20_500x250_exact", Phase.RANK_COLLAPSE));

    private static PhaseCall classify(Weights w) {
        return CLASSIFIER.classify((LayerAnalysis) ANALYZER.analyze(w));
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
    void smallerBatchIsAtLeastAsFarAlongAfterTraining() {
        Phase bs8 = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024")).phase();
        Phase bs512 = classify(Npy.referenceMatrix("mlp_bs512_ep150_fc2_512x1024")).phase();
        assertTrue(bs8.atLeastAsFarAs(bs512), "bs8 " + bs8 + " vs bs512 " + bs512);
        assertEquals(Phase.HEAVY_TAILED, bs8);
    }

    /** WeightWatcher's alpha changes when a layer is scaled by 2e-3 (absolute floor); the phase must not. */
    @Test
    void phaseIsScaleFree() {
        PhaseCall original = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024"));
        PhaseCall scaled = classify(Npy.referenceMatrix("mlp_bs8_ep150_fc2_scaled2e-3"));
        assertEquals(original.phase(), scaled.phase());
        assertEquals(original.evidence().alpha(), scaled.evidence().alpha(), 1e-6 * original.evidence().alpha());

        Weights w = Npy.referenceMatrix("spiked_1000x500_3spikes");
        double[] data = new double[w.values().length()];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1e4 * w.values().get(i);
        }
        Weights big = new Weights("spiked_x1e4", w.kind(), w.shape(), new WeightValues.F64(data));
        assertEquals(classify(w).phase(), classify(big).phase());
    }
}
