package io.esdmon.engine.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EsdResidualTest {

    /**
     * Two kernel centres 0.05 apart: between them the triangular KDE is flat (the slopes cancel), so
     * its peak is the first grid point at or after 1.0, however the plateau's last bits round.
     */
    @Test
    void peakIsTheFirstPointOfAFlatTop() {
        double[] data = {0.5, 1.0, 1.05};
        EsdResidual residual = EsdResidual.of(data, 2.0, false);
        double[] grid = EsdResidual.linspace(0, 1.05 + EsdResidual.GRID_MARGIN, EsdResidual.GRID_POINTS);
        double first = 0;
        for (double t : grid) {
            if (t >= 1.0) {
                first = t;
                break;
            }
        }
        assertEquals(first, residual.peak());
    }

    /** WeightWatcher's penalty: λ₊ below the KDE's peak or beyond its support costs 1000² per point. */
    @Test
    void implausibleEdgesArePenalised() {
        double[] data = MpSamples.mpEigenvalues(2, 1, 400);
        EsdResidual residual = EsdResidual.of(data, 2, false);
        double tooSmall = residual.sumOfSquares(0.2);
        double tooLarge = residual.sumOfSquares(3.0);
        assertEquals(tooSmall, tooLarge);
        assertEquals(0, tooSmall % 1e6, "a whole number of 1000² penalties");
        assertTrue(residual.sumOfSquares(1.0) < 10, "the true σ fits, got " + residual.sumOfSquares(1.0));
        // the quarter circle has no penalty
        EsdResidual circle = EsdResidual.of(data, 1, true);
        assertTrue(circle.sumOfSquares(3.0) < 1e6);
    }
}
