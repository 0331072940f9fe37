package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.SkipRules;
import io.esdmon.engine.SkippedLayer.SkipReason;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Reference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Eigenvalues and rank figures of every reference matrix against WeightWatcher 0.7.5.5. */
class ReferenceSpectrumTest {

    static Stream<Arguments> cases() {
        return Reference.matrices().stream().filter(m -> Reference.row(m, "default").isPresent())
                .flatMap(m -> Stream.of(EigenBackend.NATIVE, EigenBackend.JAVA).flatMap(b -> Stream.of(
                        Arguments.of(m, "default", b),
                        Arguments.of(m, "conv2d_norm_false", b))))
                .filter(a -> Reference.row((String) a.get()[0], (String) a.get()[1]).isPresent());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesWeightWatcher(String matrix, String config, EigenBackend backend) {
        JsonNode row = Reference.row(matrix, config).orElseThrow();
        ConvScaling scaling = config.equals("conv2d_norm_false") ? ConvScaling.NONE : ConvScaling.WEIGHTWATCHER;
        Weights weights = Reference.weights(matrix);
        Spectrum s = new SpectrumCalculator(new EigenSolver(new EigenSettings(backend, 1))).compute(weights, scaling,
                1e-6);

        double[] expected = Reference.evals(matrix, config);
        assertEquals(expected.length, s.numEvals());
        assertEquals(row.get("num_evals").asInt(), s.numEvals());
        double lambdaMax = expected[expected.length - 1];
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 1e-6 * lambdaMax) {
                double rel = Math.abs(s.evals()[i] - expected[i]) / expected[i];
                assertTrue(rel <= 1e-5, matrix + " λ[" + i + "] " + s.evals()[i] + " vs " + expected[i]);
            }
        }
        assertEquals(row.get("N").asInt(), s.n());
        assertEquals(row.get("M").asInt(), s.m());
        assertEquals(row.get("Q").asDouble(), s.q(), 0.0);
        assertEquals(row.get("rf").asInt(), s.rf());
        assertEquals(row.get("matrix_rank").asInt(), s.matrixRank(), "matrix_rank");
        assertEquals(row.get("rank_loss").asInt(), s.rankLoss(), "rank_loss");
        long weak = java.util.Arrays.stream(s.evals()).filter(l -> l < 1e-6).count();
        assertEquals(row.get("weak_rank_loss").asInt(), weak, "weak_rank_loss");
        // 1e-6 as spectral_norm in the reference README: WW scales conv weights by √½ in float32
        // before its float64 SVD, which moves λ by ~4e-8 relative; esdmon scales in float64
        assertEquals(row.get("lambda_max").asDouble(), s.lambdaMax(), 1e-6 * s.lambdaMax(), "lambda_max");
        assertEquals(row.get("sv_max").asDouble(), s.svMax(), 1e-6 * s.svMax(), "sv_max");
        assertEquals(row.get("sv_min").asDouble(), s.svMin(), 1e-5 * row.get("sv_min").asDouble(), "sv_min");
    }

    @Test
    void exactLowRankReferenceTakesTheSvdRoute() {
        Spectrum s = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(Reference.weights("lowrank20_500x250_exact"), ConvScaling.WEIGHTWATCHER, 1e-6);
        assertTrue(s.path() == EigenPath.SVD_NATIVE || s.path() == EigenPath.SVD_JAVA, s.path().toString());
        Spectrum g = new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(Reference.weights("gauss_1000x500"), ConvScaling.WEIGHTWATCHER, 1e-6);
        assertTrue(g.path() == EigenPath.GRAM_NATIVE || g.path() == EigenPath.GRAM_JAVA, g.path().toString());
    }

    @Test
    void tooSmallMatrixIsSkippedLikeWeightWatcher() {
        assertTrue(Reference.row("gauss_100x8_toosmall", "default").isEmpty(), "WW has no row for it");
        Weights w = Reference.weights("gauss_100x8_toosmall");
        var skipped = SkipRules.check(w.name(), w.kind(), LayerShape.of(w), AnalysisOptions.weightWatcherDefault())
                .orElseThrow();
        assertEquals(SkipReason.TOO_FEW_EVALS, skipped.reason());
        assertEquals(100, skipped.n());
        assertEquals(8, skipped.m());
        assertTrue(skipped.detail().contains("= 8 eigenvalues < minEvals = 10"), skipped.detail());
    }
}
