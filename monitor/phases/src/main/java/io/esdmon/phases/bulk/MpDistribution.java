package io.esdmon.phases.bulk;

/**
 * The Marchenko–Pastur law of the eigenvalues of WᵀW for an N×M matrix W (M ≤ N) with i.i.d.
 * entries, in units of its mean: ratio c = M/N ∈ (0, 1], support [(1−√c)², (1+√c)²], density
 * √((b−x)(x−a)) / (2π c x), mean 1.
 *
 * <p>The distribution function has no convenient closed form, so it is tabulated once by
 * integrating the density under the substitution x = a + (b−a)(1−cos φ)/2, which removes the
 * square-root singularities at both edges and leaves a smooth integrand.
 */
public final class MpDistribution {

    private static final int GRID = 4097;

    private final double c;
    private final double lower;
    private final double upper;
    private final double[] x = new double[GRID];
    private final double[] cdf = new double[GRID];

    /** The law for aspect ratio c = M/N (0 &lt; c ≤ 1). */
    public MpDistribution(double c) {
        if (!(c > 0 && c <= 1)) {
            throw new IllegalArgumentException("MP ratio c = M/N must be in (0, 1], got " + c);
        }
        this.c = c;
        this.lower = Math.pow(1 - Math.sqrt(c), 2);
        this.upper = Math.pow(1 + Math.sqrt(c), 2);
        double half = (upper - lower) / 2;
        double step = Math.PI / (GRID - 1);
        double previous = integrand(0, half);
        x[0] = lower;
        for (int i = 1; i < GRID; i++) {
            double phi = i * step;
            x[i] = lower + half * (1 - Math.cos(phi));
            double f = integrand(phi, half);
            cdf[i] = cdf[i - 1] + 0.5 * (f + previous) * step;
            previous = f;
        }
        double total = cdf[GRID - 1];
        for (int i = 0; i < GRID; i++) {
            cdf[i] /= total;
        }
    }

    /** density(x(φ)) · dx/dφ; at φ = 0 with c = 1 (x = 0) its limit. */
    private double integrand(double phi, double half) {
        double s = Math.sin(phi);
        double xv = lower + half * (1 - Math.cos(phi));
        if (xv == 0) {
            return half * half * 4 / upper / (2 * Math.PI * c);
        }
        return half * half * s * s / (2 * Math.PI * c * xv);
    }

    public double ratio() {
        return c;
    }

    /** Lower edge (1−√c)² in units of the mean. */
    public double lowerEdge() {
        return lower;
    }

    /** Upper edge λ₊ = (1+√c)² in units of the mean. */
    public double upperEdge() {
        return upper;
    }

    /** P(X ≤ t) for X following the law (t in units of the mean). */
    public double cdf(double t) {
        if (t <= lower) {
            return 0;
        }
        if (t >= upper) {
            return 1;
        }
        int hi = upperIndex(x, t);
        int lo = hi - 1;
        double w = (t - x[lo]) / (x[hi] - x[lo]);
        return cdf[lo] + w * (cdf[hi] - cdf[lo]);
    }

    /** The p-quantile of the law, 0 ≤ p ≤ 1. */
    public double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        int hi = Math.max(1, upperIndex(cdf, p));
        int lo = hi - 1;
        double span = cdf[hi] - cdf[lo];
        double w = span > 0 ? (p - cdf[lo]) / span : 0;
        return x[lo] + w * (x[hi] - x[lo]);
    }

    /** First index whose value is ≥ t in an ascending array (clamped to the last index). */
    private static int upperIndex(double[] ascending, double t) {
        int lo = 0;
        int hi = ascending.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
