package io.esdmon.engine.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarchenkoPasturTest {

    @Test
    void edgesOfTheBulk() {
        assertEquals(2.25, MarchenkoPastur.lambdaPlus(1, 4), 1e-15);
        assertEquals(0.25, MarchenkoPastur.lambdaMinus(1, 4), 1e-15);
        assertEquals(4 * 2.25, MarchenkoPastur.lambdaPlus(2, 4), 1e-14);
        assertEquals(4.0, MarchenkoPastur.lambdaPlus(1, 1), 1e-15);
        assertEquals(0.0, MarchenkoPastur.lambdaMinus(1, 1), 1e-15);
        assertEquals(1.7, MarchenkoPastur.sigmaForEdge(MarchenkoPastur.lambdaPlus(1.7, 3), 3), 1e-14);
    }

    /** ∫ρ = 1, ∫λρ = σ², ∫λ²ρ = σ⁴(1 + 1/Q): the moments of the MP law. */
    @ParameterizedTest
    @CsvSource({"2, 1", "4, 0.5", "1.25, 2"})
    void densityHasTheMomentsOfTheMarchenkoPasturLaw(double q, double sigma) {
        double a = MarchenkoPastur.lambdaMinus(sigma, q);
        double b = MarchenkoPastur.lambdaPlus(sigma, q);
        int steps = 200_000;
        double h = (b - a) / steps;
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int k = 0; k < steps; k++) {
            double t = a + (k + 0.5) * h;
            double rho = MarchenkoPastur.density(t, q, sigma) * h;
            m0 += rho;
            m1 += t * rho;
            m2 += t * t * rho;
        }
        double s2 = sigma * sigma;
        assertEquals(1, m0, 1e-5);
        assertEquals(s2, m1, 1e-5 * s2);
        assertEquals(s2 * s2 * (1 + 1 / q), m2, 1e-5 * s2 * s2);
        assertEquals(0, MarchenkoPastur.density(a * 0.99, q, sigma));
        assertEquals(0, MarchenkoPastur.density(b * 1.01, q, sigma));
        assertEquals(0, MarchenkoPastur.density(0, q, sigma));
    }

    @Test
    void quarterCircleIsADensityOfSingularValuesWithMeanSquareOne() {
        int steps = 200_000;
        double h = 2.0 / steps;
        double m0 = 0;
        double m2 = 0;
        for (int k = 0; k < steps; k++) {
            double nu = (k + 0.5) * h;
            double rho = MarchenkoPastur.quarterCircleDensity(nu, 1) * h;
            m0 += rho;
            m2 += nu * nu * rho;
        }
        assertEquals(1, m0, 1e-6);
        assertEquals(1, m2, 1e-6);
        assertEquals(0, MarchenkoPastur.quarterCircleDensity(2.01, 1));
        assertEquals(1 / Math.PI * 2 / 4, MarchenkoPastur.quarterCircleDensity(0, 2), 1e-15);
    }

    @Test
    void tracyWidomMarginScalesAsMToTheMinusTwoThirds() {
        // Q = 4, λ₊ = 4, M = 8: ½ · 4^{2/3} · 8^{−2/3} = ½ · (½)^{2/3}
        double tw = TracyWidom.margin(4, 4, 8);
        assertEquals(0.5 * Math.cbrt(0.25), tw, 1e-15);
        assertEquals(4 + Math.sqrt(tw), TracyWidom.spikeThreshold(4, 4, 8), 1e-15);
        assertEquals(tw / 4, TracyWidom.margin(4, 4, 64), 1e-15);
    }
}
