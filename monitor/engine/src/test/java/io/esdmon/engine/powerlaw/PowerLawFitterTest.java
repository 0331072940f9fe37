package io.esdmon.engine.powerlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerLawFitterTest {

    private static final EigenvalueFloor WW = EigenvalueFloor.WEIGHTWATCHER;

    /** n exact Pareto quantiles x = xmin (1 − p)^{−1/(α−1)}, p = (i + ½)/n, ascending. */
    static double[] paretoQuantiles(double alpha, double xmin, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = xmin * Math.pow(1 - (i + 0.5) / n, -1 / (alpha - 1));
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.8, 2.5, 4.0})
    void recoversAlphaOfExactParetoSamplesWithinItsStandardError(double alpha) {
        double[] x = paretoQuantiles(alpha, 1.0, 2000);
        PowerLawFit fit = PowerLawFitter.fit(x, WW, FixFingers.NONE);
        assertEquals(FitStatus.SUCCESS, fit.status());
        assertEquals(alpha, fit.alpha(), fit.sigma(), "alpha ± sigma");
        assertEquals(x[x.length - 1], fit.xmax());
        assertEquals(2000, fit.numFitted());
        assertTrue(fit.D() < 0.05, "a power law fits its own quantiles, D=" + fit.D());
        long atOrAbove = Arrays.stream(x).filter(v -> v >= fit.xmin()).count();
        assertEquals(atOrAbove, fit.numPlSpikes());
        assertEquals((fit.alpha() - 1) / Math.sqrt(atOrAbove), fit.sigma(), 1e-15);
    }

    @Test
    void recoversAlphaOfARandomParetoSample() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.pow(1 - random.nextDouble(), -1 / 1.5); // α = 2.5
        }
        Arrays.sort(x);
        PowerLawFit fit = PowerLawFitter.fit(x, WW, FixFingers.NONE);
        assertEquals(2.5, fit.alpha(), 3 * fit.sigma());
    }

    @Test
    void findsTheStartOfAParetoTailAboveABulk() {
        double[] bulk = new double[400];
        for (int i = 0; i < bulk.length; i++) {
            bulk[i] = 0.1 + 0.9 * i / bulk.length;
        }
        double[] tail = paretoQuantiles(3.0, 2.0, 300);
        double[] x = concat(bulk, tail);
        PowerLawFit fit = PowerLawFitter.fit(x, WW, FixFingers.NONE);
        assertTrue(fit.xmin() >= 2.0 && fit.xmin() < 2.5, "xmin at the tail start, got " + fit.xmin());
        assertEquals(3.0, fit.alpha(), 2 * fit.sigma());
        assertEquals("", fit.warning());
    }

    @Test
    void bothPackagesAgreeWithoutRepeatedValues() {
        double[] x = paretoQuantiles(2.2, 0.5, 800);
        PowerLawFit ww = PowerLawFitter.fit(x, WW, FixFingers.NONE, PlPackage.WW);
        PowerLawFit pl = PowerLawFitter.fit(x, WW, FixFingers.NONE, PlPackage.POWERLAW);
        assertEquals(ww.xmin(), pl.xmin());
        assertEquals(ww.alpha(), pl.alpha(), 1e-12);
        assertEquals(ww.D(), pl.D(), 1e-12);
    }

    @Test
    void absoluteFloorDropsSmallScaleEigenvaluesButRelativeFloorIsScaleFree() {
        double[] x = concat(uniform(300, 0.05, 1.0), paretoQuantiles(2.5, 1.0, 200));
        double scale = 1e-6;
        double[] small = Arrays.stream(x).map(v -> v * scale).toArray();
        EigenvalueFloor relative = EigenvalueFloor.relative(1e-5);

        PowerLawFit reference = PowerLawFitter.fit(x, relative, FixFingers.NONE);
        PowerLawFit scaled = PowerLawFitter.fit(small, relative, FixFingers.NONE);
        assertEquals(reference.alpha(), scaled.alpha(), 1e-9 * reference.alpha());
        assertEquals(reference.xmin() * scale, scaled.xmin(), 1e-12 * scaled.xmin());
        assertEquals(reference.numFitted(), scaled.numFitted());

        PowerLawFit absolute = PowerLawFitter.fit(small, WW, FixFingers.NONE);
        long above = Arrays.stream(small).filter(v -> v > 1e-5).count();
        assertEquals(above, absolute.numFitted(), "WeightWatcher's floor is λ > 1e-5, whatever the scale");
        assertTrue(above < x.length);
    }

    @Test
    void failsLikeWeightWatcherWhenFewerThanTwoEigenvaluesPassTheFloor() {
        PowerLawFit none = PowerLawFitter.fit(new double[] {1e-8, 2e-7, 9e-6}, WW, FixFingers.NONE);
        assertEquals(FitStatus.FAILED, none.status());
        assertEquals(-1, none.alpha());
        assertEquals(-1, none.xmin());
        assertEquals(-1, none.D());
        assertEquals(-1, none.sigma());
        assertEquals(-1, none.numPlSpikes());
        assertEquals(0, none.numFitted());
        assertEquals("over-trained", none.warning(), "WeightWatcher labels a failed fit over-trained");

        PowerLawFit one = PowerLawFitter.fit(new double[] {1e-8, 0.5}, WW, FixFingers.NONE);
        assertEquals(FitStatus.FAILED, one.status());
        assertEquals(1, one.numFitted());
    }

    @Test
    void zerosNeverEnterTheFitEvenWithAZeroFloor() {
        double[] x = concat(new double[] {0, 0, 0}, paretoQuantiles(2.5, 1.0, 100));
        PowerLawFit fit = PowerLawFitter.fit(x, new EigenvalueFloor(0, false), FixFingers.NONE);
        assertEquals(FitStatus.SUCCESS, fit.status());
        assertEquals(100, fit.numFitted());
    }

    @Test
    void clipXmaxKeepsTheFitWhenNoFingerStandsOut() {
        double[] x = paretoQuantiles(2.5, 1.0, 1000);
        PowerLawFit plain = PowerLawFitter.fit(x, WW, FixFingers.NONE);
        PowerLawFit clipped = PowerLawFitter.fit(x, WW, FixFingers.CLIP_XMAX);
        assertEquals(0, clipped.numFingers());
        assertEquals(plain.alpha(), clipped.alpha());
        assertEquals(plain.alpha(), clipped.rawAlpha());
        assertEquals(plain.xmax(), clipped.xmax());
    }

    @Test
    void clipXmaxFailsOnTenEigenvaluesAsWeightWatcherDoes() {
        // its finger loop refits with up to 12 values removed; a fit on < 2 values raises in WW
        PowerLawFit fit = PowerLawFitter.fit(paretoQuantiles(2.0, 1.0, 10), WW, FixFingers.CLIP_XMAX);
        assertEquals(FitStatus.FAILED, fit.status());
        assertEquals(-1, fit.rawAlpha());
        assertEquals(0, fit.numFingers());
    }

    @Test
    void rejectsBadInputWithAMessageThatSaysWhatToDo() {
        IllegalArgumentException unsorted = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFitter.fit(new double[] {2, 1}, WW, FixFingers.NONE));
        assertTrue(unsorted.getMessage().contains("ascending"), unsorted.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFitter.fit(new double[] {1, Double.NaN}, WW, FixFingers.NONE));
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFitter.fit(new double[] {-1e-3, 1}, WW, FixFingers.NONE));
        assertTrue(negative.getMessage().contains("clamp"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PowerLawFitter.fit(new double[0], WW, FixFingers.NONE));
        assertThrows(IllegalArgumentException.class, () -> PowerLawFitter.fit(new double[] {1, 2}, null, FixFingers.NONE));
    }

    static double[] uniform(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / n;
        }
        return x;
    }

    static double[] concat(double[]... parts) {
        double[] all = Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }
}
