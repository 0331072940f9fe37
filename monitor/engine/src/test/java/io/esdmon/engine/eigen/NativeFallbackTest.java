package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.testutil.Npy;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code no-natives} surefire execution, whose class path lacks the bytedeco
 * OpenBLAS jars: AUTO must fall back to pure Java and still analyze, NATIVE must refuse clearly.
 */
class NativeFallbackTest {

    @Test
    void autoFallsBackToJavaWhenNativesCannotLoad() {
        assertTrue(NativeLapack.loadFailure().isPresent(), "this execution must run without the OpenBLAS jars");
        assertFalse(new EigenSolver(EigenSettings.defaults()).isNative());
        LayerAnalysis a = assertInstanceOf(LayerAnalysis.class,
                new LayerAnalyzer(AnalysisOptions.defaults()).analyze(Npy.referenceMatrix("gauss_500x500")));
        assertEquals(EigenPath.GRAM_JAVA, a.spectrum().path());
        assertEquals(500, a.norms().matrixRank());
    }

    @Test
    void nativeRefusesWithAnExplanation() {
        var e = assertThrows(IllegalStateException.class,
                () -> new EigenSolver(new EigenSettings(EigenBackend.NATIVE, 1)));
        assertTrue(e.getMessage().contains("could not be loaded") && e.getMessage().contains("EigenBackend.AUTO or JAVA"),
                e.getMessage());
    }
}
