package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.SkipRules;
import io.esdmon.engine.SkippedLayer.SkipReason;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.reference.WeightWatcherReference;
import io.esdmon.engine.reference.WeightWatcherReference.Case;
import io.esdmon.engine.testutil.Npy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Eigenvalues and rank figures of every reference matrix against WeightWatcher 0.7.5.5. */
class ReferenceSpectrumTest {

    static Stream<Arguments> cases() {
        return WeightWatcherReference.matrices().stream()
                .flatMap(m -> WeightWatcherReference.configs(m).stream()
                        .filter(c -> c.equals("default") || c.equals("conv2d_norm_false"))
                        .filter(c -> !WeightWatcherReference.cases(m, c).isEmpty())
                        .flatMap(c -> Stream.of(Arguments.of(m, c, EigenBackend.NATIVE),
                                Arguments.of(m, c, EigenBackend.JAVA))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesWeightWatcher(String matrix, String config, EigenBackend backend) {
        List<Case> rows = WeightWatcherReference.cases(matrix, config);
        assertEquals(1, rows.size(), "one pooled row");
        Case row = rows.get(0);
        ConvScaling scaling = config.equals("conv2d_norm_false") ? ConvScaling.NONE : ConvScaling.WEIGHTWATCHER;
        Weights weights = Npy.referenceMatrix(matrix);
        Spectrum s = new SpectrumCalculator(new EigenSolver(new EigenSettings(backend, 1))).compute(weights, scaling,
                1e-6);

        double[] expected = row.evals();
        assertEquals(expected.length, s.numEvals());
        assertEquals(row.integer("num_evals"), s.numEvals());
        double lambdaMax = expected[expected.length - 1];
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 1e-6 * lambdaMax) {
                double rel = Math.abs(s.evals()[i] - expected[i]) / expected[i];
                assertTrue(rel <= 1e-5, matrix + " λ[" + i + "] " + s.evals()[i] + " vs " + expected[i]);
            }
        }
        assertEquals(row.integer("N"), s.n());
        assertEquals(row.integer("M"), s.m());
        assertEquals(row.num("Q"), s.q(), 0.0);
        assertEquals(row.integer("rf"), s.rf());
        assertEquals(row.integer("matrix_rank"), s.matrixRank(), "matrix_rank");
        assertEquals(row.integer("rank_loss"), s.rankLoss(), "rank_loss");
        long weak = java.util.Arrays.stream(s.evals()).filter(l -> l < 1e-6).count();
        assertEquals(row.integer("weak_rank_loss"), weak, "weak_rank_loss");
        // 1e-6 as spectral_norm in the reference README: WW scales conv weights by √½ in float32
        // before its float64 SVD, which moves λ by ~4e-8 relative; esdmon scales in float64
        assertEquals(row.num("lambda_max"), s.lambdaMax(), 1e-6 * s.lambdaMax(), "lambda_max");
        assertEquals(row.num("sv_max"), s.svMax(), 1e-6 * s.svMax(), "sv_max");
        assertEquals(row.num("sv_min"), s.svMin(), 1e-5 * row.num("sv_min"), "sv_min");
    }

    @Test
    void exactLowRankReferenceTakesTheSvdRoute() {
        Spectrum s = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(Npy.referenceMatrix("lowrank20_500x250_exact"), ConvScaling.WEIGHTWATCHER, 1e-6);
        assertTrue(s.path() == EigenPath.SVD_NATIVE || s.path() == EigenPath.SVD_JAVA, s.path().toString());
        Spectrum g = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(Npy.referenceMatrix("gauss_1000x500"), ConvScaling.WEIGHTWATCHER, 1e-6);
        assertTrue(g.path() == EigenPath.GRAM_NATIVE || g.path() == EigenPath.GRAM_JAVA, g.path().toString());
    }

    @Test
    void tooSmallMatrixIsSkippedLikeWeightWatcher() {
        assertEquals(List.of(), WeightWatcherReference.cases("gauss_100x8_toosmall", "default"), "WW has no row for it");
        Weights w = Npy.referenceMatrix("gauss_100x8_toosmall");
        var skipped = SkipRules.check(w.name(), w.kind(), LayerShape.of(w), AnalysisOptions.weightWatcherDefault())
                .orElseThrow();
        assertEquals(SkipReason.TOO_FEW_EVALS, skipped.reason());
        assertEquals(100, skipped.n());
        assertEquals(8, skipped.m());
        assertTrue(skipped.detail().contains("= 8 eigenvalues < minEvals = 10"), skipped.detail());
    }
}
