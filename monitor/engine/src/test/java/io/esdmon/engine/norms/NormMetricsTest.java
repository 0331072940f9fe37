package io.esdmon.engine.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.esdmon.engine.eigen.EigenPath;
import io.esdmon.engine.eigen.Spectrum;
import org.junit.jupiter.api.Test;

class NormMetricsTest {

    /** W = diag(1, 2, 3, 4): λ = σ² = 1, 4, 9, 16, full rank. */
    private static Spectrum diagonal() {
        return new Spectrum(new double[] {1, 4, 9, 16}, 4, 4, 1, 4, 0, 4, 1, EigenPath.PROVIDED);
    }

    @Test
    void normsOfADiagonalMatrix() {
        NormMetrics m = NormMetrics.of(diagonal(), 2.0, 1e-6);
        assertEquals(30, m.norm(), 1e-12); // ‖W‖_F² = 1 + 4 + 9 + 16
        assertEquals(Math.log10(30), m.logNorm(), 1e-15);
        assertEquals(16, m.spectralNorm()); // ‖W‖₂² = 4²
        assertEquals(Math.log10(16), m.logSpectralNorm(), 1e-15);
        assertEquals(2 * Math.log10(16), m.alphaWeighted(), 1e-15);
        assertEquals(Math.log10(1 + 16 + 81 + 256), m.logAlphaNorm(), 1e-15); // Σ λ² = Σ σ⁴
        assertEquals(30.0 / 16, m.stableRank(), 1e-15);
        assertEquals(4, m.matrixRank());
        assertEquals(0, m.rankLoss());
        assertEquals(0, m.weakRankLoss());
        double[] p = {1 / 30.0, 4 / 30.0, 9 / 30.0, 16 / 30.0};
        double h = 0;
        for (double pi : p) {
            h -= pi * Math.log(pi);
        }
        assertEquals(h / Math.log(4), m.entropy(), 1e-8);
    }

    @Test
    void entropyIsOneWhenEveryDirectionCarriesEqualEnergy() {
        Spectrum identity = new Spectrum(new double[] {1, 1, 1, 1, 1}, 5, 5, 1, 5, 0, 1, 1, EigenPath.PROVIDED);
        assertEquals(1.0, NormMetrics.of(identity, 2, 1e-6).entropy(), 1e-8);
        // rank 2 of 4: entropy is normalised by ln(rank), so an equal split over the rank is 1 again
        Spectrum half = new Spectrum(new double[] {0, 0, 3, 3}, 4, 4, 1, 2, 2, Math.sqrt(3), 0, EigenPath.PROVIDED);
        NormMetrics m = NormMetrics.of(half, 2, 1e-6);
        assertEquals(1.0, m.entropy(), 1e-8);
        assertEquals(2, m.rankLoss());
        assertEquals(2, m.weakRankLoss());
    }

    @Test
    void weakRankLossCountsEigenvaluesBelowTheAbsoluteTolerance() {
        Spectrum s = new Spectrum(new double[] {1e-9, 5e-7, 2e-6, 1}, 8, 4, 1, 4, 0, 1, 1e-4, EigenPath.PROVIDED);
        assertEquals(2, NormMetrics.of(s, 2, 1e-6).weakRankLoss());
        assertEquals(3, NormMetrics.of(s, 2, 1e-5).weakRankLoss());
    }

    @Test
    void aFailedPowerLawFitStillYieldsAlphaNormsWithAlphaMinusOne() {
        NormMetrics m = NormMetrics.of(diagonal(), -1, 1e-6);
        assertEquals(-Math.log10(16), m.alphaWeighted(), 1e-15);
        assertEquals(Math.log10(1 + 1 / 4.0 + 1 / 9.0 + 1 / 16.0), m.logAlphaNorm(), 1e-15);
        Spectrum withZero = new Spectrum(new double[] {0, 1}, 2, 2, 1, 1, 1, 1, 0, EigenPath.PROVIDED);
        assertEquals(Double.POSITIVE_INFINITY, NormMetrics.of(withZero, -1, 1e-6).logAlphaNorm(),
                "0^−1 is +∞, as in WeightWatcher");
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> NormMetrics.of(null, 2, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> NormMetrics.of(diagonal(), 2, -1));
        Spectrum unsorted = new Spectrum(new double[] {2, 1}, 2, 2, 1, 2, 0, 1, 1, EigenPath.PROVIDED);
        assertThrows(IllegalArgumentException.class, () -> NormMetrics.of(unsorted, 2, 1e-6));
    }
}
