package io.esdmon.phases.synthetic;

import io.esdmon.phases.bulk.EdgeFluctuation;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * Generates weight matrices whose phase is known by construction ({@link Recipe}), for
 * calibrating and testing the classifier. Deterministic for a given seed.
 */
public final class SyntheticMatrices {

    private SyntheticMatrices() {
    }

    /** As {@link #generate(Recipe, int, int, long, long)} with the law's parameters drawn from {@code seed} too. */
    public static LabelledMatrix generate(Recipe recipe, int n, int m, long seed) {
        return generate(recipe, n, m, seed, seed);
    }

    /**
     * @param recipe   the construction
     * @param n        larger dimension N
     * @param m        smaller dimension M (≤ N)
     * @param seed     random seed of the entries (and the orientation)
     * @param lawSeed  random seed of the law's parameters (spike strengths, α, μ, rank share...): the same
     *                 lawSeed gives the same law at every size
     */
    public static LabelledMatrix generate(Recipe recipe, int n, int m, long seed, long lawSeed) {
        if (m < 1 || n < m) {
            throw new IllegalArgumentException("need N >= M >= 1, got N=" + n + ", M=" + m);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom law = new SplittableRandom(lawSeed ^ 0x5DEECE66DL);
        double c = (double) m / n;
        double bbp = Math.pow(c, 0.25);
        double[] w;
        String params;
        boolean decidable = true;
        switch (recipe) {
            case GAUSSIAN -> {
                w = gaussian(rng, n, m, 1 / Math.sqrt(n));
                params = "";
            }
            case WEAK_SIGNAL, STRONG_SIGNAL -> {
                boolean weak = recipe == Recipe.WEAK_SIGNAL;
                int k = 1 + law.nextInt(weak ? 3 : 5);
                double f = weak ? uniform(law, 1.4, 1.8) : uniform(law, 3, 6);
                double[] d = new double[k];
                java.util.Arrays.fill(d, f * bbp);
                w = gaussian(rng, n, m, 1 / Math.sqrt(n));
                addSignal(rng, w, n, m, d);
                params = fmt("k=%d strength=%.2f*bbp", k, f);
                decidable = spikeSigmas(f * bbp, n, m) >= 2 * DECIDABLE_EDGE_SIGMAS;
            }
            case CORRELATION_TRAPS -> {
                int k = 1 + law.nextInt(3);
                double f = uniform(law, 3, 6);
                w = gaussian(rng, n, m, 1 / Math.sqrt(n));
                for (int j = 0; j < k; j++) {
                    // distinct rows and columns, so that the entries are k separate rank-one spikes
                    int cell = (j * (n / k) + rng.nextInt(Math.max(1, n / k))) * m + j * (m / k) + rng.nextInt(Math.max(1, m / k));
                    w[cell] = (rng.nextBoolean() ? 1 : -1) * f * bbp;
                }
                params = fmt("k=%d entry=%.2f*bbp", k, f);
            }
            case POWER_LAW_SPECTRUM, WEAK_POWER_LAW_SPECTRUM -> {
                double alpha = recipe == Recipe.POWER_LAW_SPECTRUM ? uniform(law, 2, 3.5) : uniform(law, 4.5, 5);
                w = withSingularValues(rng, n, m, powerLawSingularValues(rng, m, alpha));
                params = fmt("alpha=%.2f", alpha);
            }
            case SIGNAL_CONTINUUM -> {
                int k = Math.max(3, (int) (m * uniform(law, 0.2, 0.4)));
                double[] d = new double[k];
                for (int j = 0; j < k; j++) {
                    d[j] = uniform(rng, 0.5, 2.5) * bbp;
                }
                w = gaussian(rng, n, m, 1 / Math.sqrt(n));
                addSignal(rng, w, n, m, d);
                params = fmt("k=%d strengths=0.5..2.5*bbp", k);
            }
            case PARETO_VERY_HEAVY, PARETO_HEAVY -> {
                double mu = recipe == Recipe.PARETO_VERY_HEAVY ? uniform(law, 1.25, 1.9) : uniform(law, 2.1, 3.0);
                w = pareto(rng, n * m, mu, 1 / Math.sqrt(n));
                params = fmt("mu=%.2f", mu);
            }
            case STUDENT_VERY_HEAVY, STUDENT_HEAVY -> {
                double mu = recipe == Recipe.STUDENT_VERY_HEAVY ? uniform(law, 1.25, 1.9) : uniform(law, 2.1, 3.0);
                w = studentT(rng, n * m, mu, 1 / Math.sqrt(n));
                params = fmt("mu=%.2f", mu);
            }
            case EXACT_LOW_RANK, NEAR_LOW_RANK -> {
                int r = Math.max(1, (int) (m * uniform(law, 0.02, 0.3)));
                w = lowRank(rng, n, m, r);
                params = fmt("rank=%d", r);
                if (recipe == Recipe.NEAR_LOW_RANK) {
                    double rel = Math.pow(10, uniform(law, -5, -3));
                    double entry = Math.sqrt((double) r / n);
                    for (int i = 0; i < w.length; i++) {
                        w[i] += rel * entry * rng.nextGaussian();
                    }
                    params += fmt(" noise=%.1e", rel);
                }
            }
            case GEOMETRIC_DECAY -> {
                double tau = m * uniform(law, 0.02, 0.08);
                double[] s = new double[m];
                for (int i = 0; i < m; i++) {
                    s[i] = Math.exp(-i / tau);
                }
                w = withSingularValues(rng, n, m, s);
                params = fmt("tau=%.1f", tau);
            }
            default -> throw new IllegalStateException("unknown recipe " + recipe);
        }
        // a handful of directions or huge entries in a small layer make a handful of spikes, not a
        // continuum or a tail: these two classes show from M = 64 on
        if (recipe == Recipe.SIGNAL_CONTINUUM || recipe.name().endsWith("_VERY_HEAVY")) {
            decidable = m >= MIN_TAIL_CLASS_M;
        }
        String name = recipe.name().toLowerCase(Locale.ROOT) + "(" + params + " seed=" + seed + ")";
        if (rng.nextBoolean()) {
            return new LabelledMatrix(recipe, name, recipe.truth(), decidable, m, n, transpose(w, n, m));
        }
        return new LabelledMatrix(recipe, name, recipe.truth(), decidable, n, m, w);
    }

    /** The smallest M at which a continuum or an element-wise heavy tail has enough outliers to show. */
    public static final int MIN_TAIL_CLASS_M = 64;

    /** Weak spikes count as decidable when they clear the edge by twice the classifier's default margin. */
    static final double DECIDABLE_EDGE_SIGMAS = 4;

    /**
     * How far a BBP spike of strength d sits beyond the MP edge of an N×M matrix with N(0, 1/N) entries,
     * in Tracy–Widom units: the outlier of WᵀW lies at (1+d²)(c+d²)/d² against the edge (1+√c)²
     * (Baik, Ben Arous &amp; Péché 2005; Benaych-Georges &amp; Nadakuditi 2012); 0 below the threshold c^¼.
     */
    public static double spikeSigmas(double d, int n, int m) {
        double c = (double) m / n;
        if (d <= Math.pow(c, 0.25)) {
            return 0;
        }
        double outlier = (1 + d * d) * (c + d * d) / (d * d);
        double edge = Math.pow(1 + Math.sqrt(c), 2);
        // both in units of the mean eigenvalue, which is 1 for N(0, 1/N) entries
        return (outlier - edge) / EdgeFluctuation.sigma(1, n, m);
    }

    /**
     * Singular values whose squares follow ρ(λ) ∝ λ^−α on [1, ∞): the squares sit at the law's quantiles
     * (i − ½ + jitter)/M, as eigenvalues of large matrices sit near their classical positions (their
     * rigidity), with a jitter of ±¼ of a step.
     */
    private static double[] powerLawSingularValues(SplittableRandom rng, int m, double alpha) {
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            double u = (i + 0.5 + uniform(rng, -0.25, 0.25)) / m;
            s[i] = Math.sqrt(Math.pow(1 - u, -1 / (alpha - 1)));
        }
        return s;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double[] gaussian(SplittableRandom rng, int n, int m, double std) {
        double[] w = new double[n * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
        return w;
    }

    /** Symmetric Pareto: |x| with P(|x| &gt; t) = t^−μ for t ≥ 1, random sign. */
    private static double[] pareto(SplittableRandom rng, int size, double mu, double scale) {
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            double u = 1 - rng.nextDouble();
            double sign = rng.nextBoolean() ? 1 : -1;
            w[i] = sign * scale * Math.pow(u, -1 / mu);
        }
        return w;
    }

    /** Student-t with ν = μ degrees of freedom: Z / √(χ²_ν / ν), with χ²_ν = Gamma(ν/2, scale 2). */
    private static double[] studentT(SplittableRandom rng, int size, double nu, double scale) {
        GammaDistribution chi2 = new GammaDistribution(new Well19937c(rng.nextLong()), nu / 2, 2);
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            w[i] = scale * rng.nextGaussian() / Math.sqrt(chi2.sample() / nu);
        }
        return w;
    }

    /** Adds Σ_j d_j a_j b_jᵀ with orthonormal a_j ∈ R^N, b_j ∈ R^M. */
    private static void addSignal(SplittableRandom rng, double[] w, int n, int m, double[] d) {
        double[][] a = orthonormal(rng, n, d.length);
        double[][] b = orthonormal(rng, m, d.length);
        for (int j = 0; j < d.length; j++) {
            for (int r = 0; r < n; r++) {
                double ar = d[j] * a[j][r];
                int row = r * m;
                for (int col = 0; col < m; col++) {
                    w[row + col] += ar * b[j][col];
                }
            }
        }
    }

    /** k orthonormal vectors of length len, by modified Gram–Schmidt on Gaussian vectors. */
    private static double[][] orthonormal(SplittableRandom rng, int len, int k) {
        double[][] v = new double[k][len];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < len; i++) {
                v[j][i] = rng.nextGaussian();
            }
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += v[j][i] * v[p][i];
                }
                for (int i = 0; i < len; i++) {
                    v[j][i] -= dot * v[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < len; i++) {
                norm += v[j][i] * v[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < len; i++) {
                v[j][i] /= norm;
            }
        }
        return v;
    }

    /** (N×r Gaussian)(r×M Gaussian)/√N: rank exactly r. */
    private static double[] lowRank(SplittableRandom rng, int n, int m, int r) {
        double[] a = gaussian(rng, n, r, 1);
        double[] b = gaussian(rng, r, m, 1 / Math.sqrt(n));
        double[] w = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < r; k++) {
                double aik = a[i * r + k];
                int brow = k * m;
                int wrow = i * m;
                for (int j = 0; j < m; j++) {
                    w[wrow + j] += aik * b[brow + j];
                }
            }
        }
        return w;
    }

    /**
     * U·diag(s)·Vᵀ with U, V orthogonal (products of three random Householder reflections), so
     * the singular values are exactly s.
     */
    private static double[] withSingularValues(SplittableRandom rng, int n, int m, double[] s) {
        double[] w = new double[n * m];
        for (int i = 0; i < m; i++) {
            w[i * m + i] = s[i];
        }
        for (int h = 0; h < 3; h++) {
            reflectRows(w, n, m, orthonormal(rng, n, 1)[0]);
            reflectColumns(w, n, m, orthonormal(rng, m, 1)[0]);
        }
        return w;
    }

    /** W ← (I − 2uuᵀ) W for a unit vector u ∈ R^N. */
    private static void reflectRows(double[] w, int n, int m, double[] u) {
        double[] proj = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                proj[j] += u[i] * w[i * m + j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                w[i * m + j] -= 2 * u[i] * proj[j];
            }
        }
    }

    /** W ← W (I − 2vvᵀ) for a unit vector v ∈ R^M. */
    private static void reflectColumns(double[] w, int n, int m, double[] v) {
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < m; j++) {
                dot += w[i * m + j] * v[j];
            }
            for (int j = 0; j < m; j++) {
                w[i * m + j] -= 2 * dot * v[j];
            }
        }
    }

    private static double[] transpose(double[] w, int rows, int cols) {
        double[] t = new double[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = w[i * cols + j];
            }
        }
        return t;
    }
}
