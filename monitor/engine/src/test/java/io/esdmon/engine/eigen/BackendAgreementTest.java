package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Matrices;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Native OpenBLAS and pure-Java backends give the same spectra. */
class BackendAgreementTest {

    static Stream<Weights> layers() {
        float[] f = new float[300 * 120];
        double[] g = Matrices.gaussian(300, 120, 1);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) g[i];
        }
        return Stream.of(
                Weights.dense("tall-f32", 300, 120, f),
                Weights.dense("wide", 80, 200, Matrices.gaussian(80, 200, 2)),
                Weights.dense("square", 150, 150, Matrices.gaussian(150, 150, 3)),
                new Weights("conv", LayerKind.CONV2D, new int[] {24, 40, 2, 3},
                        new WeightValues.F64(Matrices.gaussian(24 * 40, 6, 4))));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void nativeAndJavaAgree(Weights w) {
        Spectrum a = compute(EigenBackend.NATIVE, w);
        Spectrum b = compute(EigenBackend.JAVA, w);
        assertEquals(EigenPath.GRAM_NATIVE, a.path());
        assertEquals(EigenPath.GRAM_JAVA, b.path());
        double tol = 1e-12 * a.lambdaMax();
        assertArrayEquals(a.evals(), b.evals(), tol);
        assertEquals(a.matrixRank(), b.matrixRank());
        assertEquals(a.rankLoss(), b.rankLoss());
        assertEquals(a.svMax(), b.svMax(), 1e-12 * a.svMax());
        assertEquals(a.svMin(), b.svMin(), 1e-9 * a.svMin());
    }

    @Test
    void gramAndSvdRoutesAgreeOnWellConditionedMatrices() {
        Weights w = Weights.dense("wide", 90, 210, Matrices.gaussian(90, 210, 8));
        for (EigenBackend backend : new EigenBackend[] {EigenBackend.NATIVE, EigenBackend.JAVA}) {
            try (SliceWorkspace ws = new EigenSolver(new EigenSettings(backend, 1)).workspace(90, 210)) {
                WeightSlices slices = new WeightSlices(w);
                ws.load(slices, 0);
                double[] gram = ws.gramEigenvalues();
                double[] sv = ws.singularValues();
                for (int i = 0; i < gram.length; i++) {
                    assertEquals(sv[i] * sv[i], gram[i], 1e-12 * gram[gram.length - 1]);
                }
            }
        }
    }

    @Test
    void autoPicksNativeHereAndJavaIsSelectable() {
        assertTrue(new EigenSolver(EigenSettings.defaults()).isNative(), "natives should load on linux-x86_64");
        assertFalse(new EigenSolver(new EigenSettings(EigenBackend.JAVA, 1)).isNative());
        assertThrows(IllegalArgumentException.class, () -> new EigenSettings(EigenBackend.AUTO, 0));
    }

    private static Spectrum compute(EigenBackend backend, Weights w) {
        return new SpectrumCalculator(new EigenSolver(new EigenSettings(backend, 1))).compute(w, ConvScaling.NONE, 1e-6);
    }
}
