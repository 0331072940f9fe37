package io.esdmon.engine.mp;

/** Exact quantile samples of the MP and quarter-circle laws, for known-answer tests and timing. */
public final class MpSamples {

    private static final int STEPS = 400_000;

    private MpSamples() {
    }

    /** The n quantiles (i + ½)/n of the MP law with ratio q ≥ 1 and scale σ, ascending. */
    public static double[] mpEigenvalues(double q, double sigma, int n) {
        double a = MarchenkoPastur.lambdaMinus(sigma, q);
        double b = MarchenkoPastur.lambdaPlus(sigma, q);
        return quantiles(a, b, n, t -> MarchenkoPastur.density(t, q, sigma));
    }

    /** Squares of the n quantiles of the quarter-circle law √(4 − ν²)/π of singular values on [0, 2]. */
    public static double[] quarterCircleEigenvalues(int n) {
        double[] nu = quantiles(0, 2, n, t -> MarchenkoPastur.quarterCircleDensity(t, 1));
        for (int i = 0; i < n; i++) {
            nu[i] = nu[i] * nu[i];
        }
        return nu;
    }

    /** Inverts the CDF of a density on [a, b], accumulated by the midpoint rule and renormalised. */
    private static double[] quantiles(double a, double b, int n, java.util.function.DoubleUnaryOperator density) {
        double h = (b - a) / STEPS;
        double[] cdf = new double[STEPS + 1];
        for (int k = 0; k < STEPS; k++) {
            cdf[k + 1] = cdf[k] + density.applyAsDouble(a + (k + 0.5) * h) * h;
        }
        double total = cdf[STEPS];
        double[] x = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double p = (i + 0.5) / n * total;
            while (cdf[k + 1] < p) {
                k++;
            }
            double frac = (p - cdf[k]) / (cdf[k + 1] - cdf[k]);
            x[i] = a + (k + frac) * h;
        }
        return x;
    }
}
