package io.esdmon.engine.powerlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pruned search must pick exactly what the definition picks, ties and duplicates included. */
class XminSearchTest {

    @ParameterizedTest
    @EnumSource(PlPackage.class)
    void agreesWithTheDefinitionOnRandomSpectra(PlPackage pkg) {
        SplittableRandom random = new SplittableRandom(20240607);
        int checked = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(trial < 200 ? 60 : 700);
            double[] x = sample(random, n, trial % 4);
            NaiveXminSearch.Result expected = NaiveXminSearch.fit(x, pkg);
            Optional<TailFit> actual = XminSearch.fit(x, 0, x.length, pkg);
            String label = pkg + " trial " + trial + " n=" + n;
            if (expected == null) {
                assertTrue(actual.isEmpty(), label + ": the definition has no candidate");
                continue;
            }
            TailFit fit = actual.orElseThrow(() -> new AssertionError(label + ": no fit"));
            assertEquals(x[expected.index()], fit.xmin(), label + " xmin");
            assertEquals(n - expected.index(), fit.nTail(), label + " tail size (duplicate xmin at another position)");
            assertEquals(expected.alpha(), fit.alpha(), 1e-9 * Math.abs(expected.alpha()), label + " alpha");
            assertEquals(expected.d(), fit.D(), 1e-12, label + " D");
            checked++;
        }
        assertTrue(checked > 250, "most trials have a fit, got " + checked);
    }

    /** Shapes: heavy tail, MP-like bulk, heavy ties, and a flat top (α = ∞ candidates). */
    private static double[] sample(SplittableRandom random, int n, int shape) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            x[i] = switch (shape) {
                case 0 -> Math.pow(1 - u, -1 / 1.5);
                case 1 -> 0.2 + 3 * u * u;
                case 2 -> 1 + Math.floor(u * 6);
                default -> i > n / 2 ? 7.5 : 1 + u;
            };
        }
        Arrays.sort(x);
        return x;
    }

    @ParameterizedTest
    @EnumSource(PlPackage.class)
    void needsTwoValues(PlPackage pkg) {
        assertTrue(XminSearch.fit(new double[] {1.0}, 0, 1, pkg).isEmpty());
        assertTrue(XminSearch.fit(new double[] {1.0, 2.0}, 0, 2, pkg).isPresent());
    }

    @org.junit.jupiter.api.Test
    void powerlawPackageNeedsTwoDistinctValues() {
        double[] flat = {2.0, 2.0, 2.0};
        assertTrue(XminSearch.fit(flat, 0, 3, PlPackage.POWERLAW).isEmpty());
        // WW scans positions: α is +∞ at the first and D = (n−1)/n there
        TailFit ww = XminSearch.fit(flat, 0, 3, PlPackage.WW).orElseThrow();
        assertEquals(0.5, ww.D(), 1e-15);
        assertEquals(2, ww.nTail());
    }
}
