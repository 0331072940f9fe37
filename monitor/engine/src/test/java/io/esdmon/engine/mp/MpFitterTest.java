package io.esdmon.engine.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.esdmon.engine.powerlaw.FitStatus;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MpFitterTest {

    /** The KDE (h = 0.1) rounds the bulk edges off, so the fitted σ is near 1, not exactly 1. */
    private static final double SIGMA_TOL = 0.03;

    @ParameterizedTest
    @ValueSource(doubles = {2.0, 4.0})
    void recoversSigmaAndTheBulkEdgeOfExactMarchenkoPasturEigenvalues(double q) {
        int n = 1000;
        double[] evals = MpSamples.mpEigenvalues(q, 1.0, n);
        // WeightWatcher's λ have no 1/N factor: scale by N, the fit must not care
        double scale = q * n;
        double[] raw = Arrays.stream(evals).map(v -> v * scale).toArray();
        MpFit fit = MpFitter.fit(raw, (int) (q * n), n);
        double lambdaPlus = Math.pow(1 + 1 / Math.sqrt(q), 2);
        assertEquals(FitStatus.SUCCESS, fit.status());
        assertEquals(1.0, fit.sigmaMp(), SIGMA_TOL);
        assertEquals(lambdaPlus * scale, fit.bulkMax(), 2 * SIGMA_TOL * lambdaPlus * scale);
        assertEquals(Math.pow(1 - 1 / Math.sqrt(q), 2) * scale, fit.bulkMin(), 0.1 * scale);
        assertEquals(0, fit.numSpikes());
        assertEquals(1.0, fit.mpSoftrank(), 2 * SIGMA_TOL);
        assertEquals(1 / Math.sqrt(scale), fit.wScale(), 1e-3 / Math.sqrt(scale));
        assertEquals(fit.bulkMax() * fit.wScale() * fit.wScale(), MarchenkoPastur.lambdaPlus(fit.sigmaMp(), q), 1e-12);
    }

    @Test
    void countsSpikesBeyondTheTracyWidomMargin() {
        double[] bulk = MpSamples.mpEigenvalues(2.0, 1.0, 1000);
        double[] evals = Arrays.copyOf(bulk, 1003);
        evals[1000] = 8;
        evals[1001] = 12;
        evals[1002] = 20;
        MpFit fit = MpFitter.fit(evals, 2000, 1000);
        assertEquals(3, fit.numSpikes());
        // the spikes lift the mean by 4 %, so the rescaled bulk sits a little lower
        assertEquals(1.0, fit.sigmaMp(), 2 * SIGMA_TOL);
        assertEquals(MarchenkoPastur.lambdaPlus(1, 2), fit.bulkMax(), 2 * SIGMA_TOL * fit.bulkMax());
        assertEquals(fit.bulkMax() * fit.wScale() * fit.wScale() / (20 * fit.wScale() * fit.wScale()), fit.mpSoftrank(),
                1e-12);
    }

    @Test
    void squareMatricesAreFittedWithTheQuarterCircleOfSingularValues() {
        double[] evals = MpSamples.quarterCircleEigenvalues(800);
        MpFit fit = MpFitter.fit(evals, 800, 800);
        assertEquals(1.0, fit.sigmaMp(), SIGMA_TOL);
        assertEquals(4.0, fit.bulkMax(), 4 * 2 * SIGMA_TOL);
        assertEquals(0.0, fit.bulkMin(), 0.0);
        assertEquals(0, fit.numSpikes());
    }

    @Test
    void fitsTheSpectrumOfAGaussianWishartMatrix() {
        int n = 600;
        int m = 200;
        Random random = new Random(11);
        double[][] w = new double[n][m];
        for (double[] row : w) {
            for (int j = 0; j < m; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] gram = new double[m][m];
        for (double[] row : w) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    gram[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                gram[j][i] = gram[i][j];
            }
        }
        double[] evals = new EigenDecomposition(new Array2DRowRealMatrix(gram, false)).getRealEigenvalues();
        Arrays.sort(evals);
        MpFit fit = MpFitter.fit(evals, n, m);
        double q = (double) n / m;
        assertEquals(1.0, fit.sigmaMp(), 0.05);
        assertEquals(n * Math.pow(1 + 1 / Math.sqrt(q), 2), fit.bulkMax(), 0.1 * n * Math.pow(1 + 1 / Math.sqrt(q), 2));
        assertEquals(0, fit.numSpikes(), 1, "λ_max of a Wishart matrix stays within the Tracy–Widom margin");
    }

    @Test
    void reportsAFailedFitForAnAllZeroSpectrum() {
        MpFit fit = MpFitter.fit(new double[10], 20, 10);
        assertEquals(FitStatus.FAILED, fit.status());
        assertEquals(-1, fit.sigmaMp());
        assertEquals(-1, fit.numSpikes());
        assertEquals(-1, fit.bulkMax());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> MpFitter.fit(new double[] {1, 2}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MpFitter.fit(new double[] {2, 1}, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> MpFitter.fit(null, 4, 2));
    }
}
