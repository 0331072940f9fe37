package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Matrices;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Gram route is used only where it resolves the rank metrics; elsewhere the SVD decides. */
class RankFallbackTest {

    private static Spectrum spectrum(EigenBackend backend, Weights w) {
        return new SpectrumCalculator(new EigenSolver(new EigenSettings(backend, 1))).compute(w,
                ConvScaling.WEIGHTWATCHER, 1e-6);
    }

    private static boolean isSvd(Spectrum s) {
        return s.path() == EigenPath.SVD_NATIVE || s.path() == EigenPath.SVD_JAVA;
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void exactlyRankDeficientMatrixHasItsTrueRank(EigenBackend backend) {
        Weights w = Weights.dense("rank20", 500, 250, Matrices.lowRankProduct(500, 250, 20, 7));
        // the Gram route alone cannot tell: its rounding noise reads as many more nonzero σ
        try (SliceWorkspace ws = new EigenSolver(new EigenSettings(backend, 1)).workspace(500, 250)) {
            ws.load(new WeightSlices(w), 0);
            double[] gram = ws.gramEigenvalues();
            assertTrue(HardRank.ofEigenvalues(gram, 500) > 40, "Gram-only rank " + HardRank.ofEigenvalues(gram, 500));
            assertTrue(!GramResolution.resolves(gram, 1e-6));
        }
        Spectrum s = spectrum(backend, w);
        assertTrue(isSvd(s), s.path().toString());
        assertEquals(20, s.matrixRank());
        assertEquals(230, s.rankLoss());
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void nearlyLowRankMatrixKeepsItsTinySingularValues(EigenBackend backend) {
        // σ = 1..20 plus 230 values around 1e-9: full rank (σ_max·N·ε ≈ 2e-12), but their
        // λ ≈ 1e-18 are far below what the Gram route can see
        double[] sigmas = new double[250];
        for (int i = 0; i < 230; i++) {
            sigmas[i] = 1e-9 * (1 + i / 230.0);
        }
        for (int i = 0; i < 20; i++) {
            sigmas[230 + i] = i + 1;
        }
        Spectrum s = spectrum(backend, Weights.dense("near", 400, 250, Matrices.withSingularValues(400, 250, sigmas, 3)));
        assertTrue(isSvd(s), s.path().toString());
        assertEquals(250, s.matrixRank());
        assertEquals(0, s.rankLoss());
        assertEquals(1e-9, s.svMin(), 1e-9 * 1e-5);
        assertEquals(20.0, s.svMax(), 20 * 1e-12);
        assertEquals(400.0, s.evals()[249], 400 * 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void singularValuesBelowTheHardRankThresholdAreNotCounted(EigenBackend backend) {
        // N = 300, σ_max = 10: threshold 10·300·ε ≈ 6.7e-13; five σ of 1e-14 fall below it
        double[] sigmas = new double[100];
        Arrays.fill(sigmas, 1.0);
        for (int i = 0; i < 5; i++) {
            sigmas[i] = 1e-14;
        }
        sigmas[99] = 10;
        Spectrum s = spectrum(backend, Weights.dense("t", 100, 300, Matrices.withSingularValues(100, 300, sigmas, 5)));
        assertTrue(isSvd(s));
        assertEquals(95, s.matrixRank());
        assertEquals(5, s.rankLoss());
        assertEquals(300, s.n());
        assertEquals(100, s.m());
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void wellConditionedSmallEigenvaluesStayOnTheGramRouteAndAreAccurate(EigenBackend backend) {
        // λ_min/λ_max = 1e-8, far above the floor 1e5·ε ≈ 2.2e-11
        double[] sigmas = new double[200];
        for (int i = 0; i < 200; i++) {
            sigmas[i] = 1e-4 * Math.pow(1e4, i / 199.0);
        }
        Spectrum s = spectrum(backend, Weights.dense("g", 600, 200, Matrices.withSingularValues(600, 200, sigmas, 9)));
        assertTrue(!isSvd(s), s.path().toString());
        assertEquals(200, s.matrixRank());
        assertEquals(1e-4, s.svMin(), 1e-4 * 1e-6);
        assertEquals(1.0, s.svMax(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void eigenvalueAtTheWeakRankToleranceIsResolvedBySvd(EigenBackend backend) {
        double[] sigmas = new double[50];
        Arrays.fill(sigmas, 1.0);
        sigmas[0] = Math.sqrt(1e-6 * (1 - 1e-9)); // λ just below 1e-6: counts as weak-rank loss
        Spectrum s = spectrum(backend, Weights.dense("w", 80, 50, Matrices.withSingularValues(80, 50, sigmas, 11)));
        assertTrue(isSvd(s), s.path().toString());
        assertEquals(1, Arrays.stream(s.evals()).filter(l -> l < 1e-6).count());
    }

    @ParameterizedTest
    @EnumSource(value = EigenBackend.class, names = {"NATIVE", "JAVA"})
    void convRankLossAndSvMinArePerSlice(EigenBackend backend) {
        int out = 40;
        int in = 24;
        double[][] slices = new double[4][];
        double[] full = new double[24];
        for (int i = 0; i < 24; i++) {
            full[i] = 1 + i;
        }
        double[] deficient = full.clone();
        deficient[0] = 0;
        deficient[1] = 0;
        deficient[2] = 0;
        slices[0] = Matrices.withSingularValues(out, in, deficient, 1); // rank 21, min σ 0
        slices[1] = Matrices.withSingularValues(out, in, full, 2); // min σ 1
        double[] third = full.clone();
        third[0] = 0.5;
        slices[2] = Matrices.withSingularValues(out, in, third, 3); // min σ 0.5
        double[] fourth = full.clone();
        fourth[0] = 2;
        slices[3] = Matrices.withSingularValues(out, in, fourth, 4); // min σ 2: the sv_min
        Weights w = new Weights("conv", LayerKind.CONV2D, new int[] {out, in, 2, 2},
                new WeightValues.F64(Matrices.convFromSlices(slices, out, in)));
        Spectrum s = spectrum(backend, w);
        assertEquals(40, s.n());
        assertEquals(24, s.m());
        assertEquals(4, s.rf());
        assertEquals(96, s.numEvals());
        assertEquals(3, s.rankLoss());
        assertEquals(93, s.matrixRank());
        // pooled eigenvalues are halved (WeightWatcher's conv2d_norm), so σ scale by √½
        assertEquals(2 * Math.sqrt(0.5), s.svMin(), 1e-12);
        assertEquals(24 * Math.sqrt(0.5), s.svMax(), 1e-12);
        assertEquals(288.0, s.lambdaMax(), 1e-10);
    }
}
