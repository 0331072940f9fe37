package io.esdmon.engine.powerlaw;

/**
 * The xmin search written straight from its definition (WEIGHTWATCHER.md §4 and the powerlaw
 * package's find_xmin), with no precomputation or pruning: the oracle for {@link XminSearch} and
 * the baseline of the timing harness.
 */
public final class NaiveXminSearch {

    /** The chosen candidate; index is relative to the fitted range. */
    public record Result(int index, double alpha, double d) {
    }

    private NaiveXminSearch() {
    }

    /** @return the best candidate, or null when there is none */
    public static Result fit(double[] x, PlPackage pkg) {
        int n0 = x.length;
        Result best = null;
        for (int i = 0; i < n0 - 1; i++) {
            boolean firstOccurrence = i == 0 || x[i] != x[i - 1];
            if (pkg == PlPackage.POWERLAW && (!firstOccurrence || x[i] == x[n0 - 1])) {
                continue;
            }
            int n = n0 - i;
            double logSum = 0;
            for (int j = i; j < n0; j++) {
                logSum += Math.log(x[j] / x[i]);
            }
            double alpha = 1 + n / logSum;
            double d;
            if (alpha > 1) {
                d = 0;
                for (int k = 0; k < n; k++) {
                    boolean ecdfPoint = pkg == PlPackage.WW || k == 0 || x[i + k] != x[i + k - 1];
                    if (ecdfPoint) {
                        double cdf = 1 - Math.pow(x[i + k] / x[i], 1 - alpha);
                        d = Math.max(d, Math.abs(cdf - (double) k / n));
                    }
                }
            } else if (pkg == PlPackage.WW) {
                d = 1;
            } else {
                continue;
            }
            if (best == null || d < best.d()) {
                best = new Result(i, alpha, d);
            }
        }
        return best;
    }
}
