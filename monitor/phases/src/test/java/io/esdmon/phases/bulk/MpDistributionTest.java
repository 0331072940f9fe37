package io.esdmon.phases.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MpDistributionTest {

    /** For c = 1, x = 4 sin²θ turns the law into F = (2/π)(θ + sin θ cos θ). */
    @Test
    void squareCaseMatchesTheClosedForm() {
        MpDistribution law = new MpDistribution(1.0);
        for (double x = 0.01; x < 4; x += 0.137) {
            double theta = Math.asin(Math.sqrt(x) / 2);
            double exact = 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta));
            assertEquals(exact, law.cdf(x), 2e-6, "cdf(" + x + ")");
        }
        assertEquals(0, law.cdf(0), 0);
        assertEquals(1, law.cdf(4), 0);
    }

    /** The MP law in units of its mean has mean 1 and variance c. */
    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 0.25, 0.125, 0.01})
    void meanIsOneAndVarianceIsC(double c) {
        MpDistribution law = new MpDistribution(c);
        int k = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < k; i++) {
            double x = law.quantile((i + 0.5) / k);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / k;
        assertEquals(1, mean, 1e-4);
        assertEquals(c, sumSq / k - mean * mean, 2e-4 + 1e-3 * c);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.3})
    void quantileInvertsCdf(double c) {
        MpDistribution law = new MpDistribution(c);
        for (double p = 0.05; p < 1; p += 0.1) {
            assertEquals(p, law.cdf(law.quantile(p)), 1e-6);
        }
        assertEquals(law.lowerEdge(), law.quantile(0), 1e-12);
        assertEquals(law.upperEdge(), law.quantile(1), 1e-12);
    }

    @Test
    void edgesFollowTheRatio() {
        MpDistribution law = new MpDistribution(0.25);
        assertEquals(0.25, law.lowerEdge(), 1e-15);
        assertEquals(2.25, law.upperEdge(), 1e-15);
    }

    @Test
    void rejectsRatiosOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new MpDistribution(0));
        assertThrows(IllegalArgumentException.class, () -> new MpDistribution(1.5));
        assertThrows(IllegalArgumentException.class, () -> new MpDistribution(Double.NaN));
    }
}
