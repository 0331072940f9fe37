package io.esdmon.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.SkippedLayer.SkipReason;
import io.esdmon.engine.eigen.EigenPath;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Matrices;
import io.esdmon.engine.testutil.Npy;
import org.junit.jupiter.api.Test;

class LayerAnalyzerTest {

    private final LayerAnalyzer analyzer = new LayerAnalyzer(AnalysisOptions.defaults());

    @Test
    void sameWeightsAndOptionsGiveBitIdenticalResults() {
        Weights w = Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024");
        LayerAnalysis a = (LayerAnalysis) analyzer.analyze(w);
        LayerAnalysis b = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()).analyze(w);
        assertArrayEquals(a.spectrum().evals(), b.spectrum().evals(), 0.0);
        RandomizedEsd ra = a.randomized().orElseThrow();
        RandomizedEsd rb = b.randomized().orElseThrow();
        assertArrayEquals(ra.randEvals(), rb.randEvals(), 0.0);
        assertEquals(ra.randDistance(), rb.randDistance(), 0.0);
        assertEquals(a.mpFit(), b.mpFit());
        assertEquals(a.powerLaw(), b.powerLaw());
        assertEquals(a.norms(), b.norms());
        assertEquals(a.detX(), b.detX());
        LayerAnalysis c = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults().withSeed(99)).analyze(w);
        assertTrue(ra.randDistance() != c.randomized().orElseThrow().randDistance(), "another seed, another shuffle");
    }

    @Test
    void providedSpectrumGivesTheSameMetricsWithoutTheRandomizedOnes() {
        Weights w = Npy.referenceMatrix("spiked_1000x500_3spikes");
        LayerAnalysis full = (LayerAnalysis) analyzer.analyze(w);
        LayerAnalysis given = analyzer.analyzeSpectrum("spiked", LayerKind.DENSE, full.spectrum().evals(), 1000, 500, 1);
        assertEquals(EigenPath.PROVIDED, given.spectrum().path());
        assertTrue(given.randomized().isEmpty());
        assertEquals(full.powerLaw(), given.powerLaw());
        assertEquals(full.mpFit(), given.mpFit());
        assertEquals(full.detX(), given.detX());
        assertEquals(full.norms(), given.norms());
        assertEquals(full.spectrum().svMin(), given.spectrum().svMin(), 1e-15);
    }

    @Test
    void providedSpectrumRanksComeFromTheGivenEigenvalues() {
        double[] evals = new double[50];
        for (int i = 0; i < 50; i++) {
            evals[i] = i < 5 ? 1e-30 : 1 + i; // σ = 1e-15 is below σ_max·N·ε ≈ 7e-14 (σ_max ≈ 7, N = 50)
        }
        evals[0] = -1e-12; // round-off from the sender's eigensolver
        LayerAnalysis a = analyzer.analyzeSpectrum("p", LayerKind.DENSE, evals, 50, 50, 1);
        assertEquals(45, a.norms().matrixRank());
        assertEquals(5, a.norms().rankLoss());
        assertEquals(5, a.norms().weakRankLoss());
        assertEquals(0.0, a.spectrum().evals()[0]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> analyzer.analyzeSpectrum("p", LayerKind.DENSE, evals, 50, 40, 1));
        assertTrue(e.getMessage().contains("expected M·rf = 40·1 = 40 eigenvalues, got 50"), e.getMessage());
        double[] negative = evals.clone();
        negative[0] = -1;
        e = assertThrows(IllegalArgumentException.class,
                () -> analyzer.analyzeSpectrum("p", LayerKind.DENSE, negative, 50, 50, 1));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void sizeFiltersSkipWithTheNumbersAndTheOption() {
        Weights w = Weights.dense("big", 300, 200, Matrices.gaussian(300, 200, 1));
        var tooMany = assertInstanceOf(SkippedLayer.class,
                new LayerAnalyzer(AnalysisOptions.defaults().withEvalLimits(10, 150, 50000)).analyze(w));
        assertEquals(SkipReason.TOO_MANY_EVALS, tooMany.reason());
        assertTrue(tooMany.detail().contains("200 eigenvalues > maxEvals = 150"), tooMany.detail());
        var tooLarge = assertInstanceOf(SkippedLayer.class,
                new LayerAnalyzer(AnalysisOptions.defaults().withEvalLimits(10, 15000, 299)).analyze(w));
        assertEquals(SkipReason.TOO_LARGE_N, tooLarge.reason());
        assertTrue(tooLarge.detail().contains("N = 300 > maxN = 299") && tooLarge.detail().contains("raise maxN"),
                tooLarge.detail());
        // conv: M·rf = 4·9 = 36 eigenvalues
        Weights conv = new Weights("c", LayerKind.CONV2D, new int[] {4, 6, 3, 3},
                new WeightValues.F64(Matrices.gaussian(4 * 6, 9, 2)));
        var few = assertInstanceOf(SkippedLayer.class,
                new LayerAnalyzer(AnalysisOptions.defaults().withEvalLimits(40, 15000, 50000)).analyze(conv));
        assertTrue(few.detail().startsWith("M·rf = 4·9 = 36 eigenvalues < minEvals = 40"), few.detail());
        assertInstanceOf(LayerAnalysis.class, analyzer.analyze(conv));
    }

    @Test
    void badWeightsAreRejectedWithAMessage() {
        double[] data = Matrices.gaussian(40, 30, 3);
        data[7] = Double.POSITIVE_INFINITY;
        var e = assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(Weights.dense("inf", 40, 30, data)));
        assertTrue(e.getMessage().startsWith("inf: 1 of 1200 weights are not finite"), e.getMessage());
        var z = assertThrows(IllegalArgumentException.class,
                () -> analyzer.analyze(Weights.dense("lora_B", 64, 16, new double[64 * 16])));
        assertTrue(z.getMessage().startsWith("lora_B: all eigenvalues are 0"), z.getMessage());
    }
}
