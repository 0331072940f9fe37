package io.esdmon.engine.testutil;

import java.util.Random;

/** Test matrices with known singular values, row-major. */
public final class Matrices {

    private Matrices() {
    }

    public static double[] gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        return w;
    }

    /** A·B for A (rows × k) and B (k × cols), both Gaussian: rank k in exact arithmetic. */
    public static double[] lowRankProduct(int rows, int cols, int k, long seed) {
        double[] a = gaussian(rows, k, seed);
        double[] b = gaussian(k, cols, seed + 1);
        double[] w = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < k; t++) {
                for (int j = 0; j < cols; j++) {
                    w[i * cols + j] += a[i * k + t] * b[t * cols + j];
                }
            }
        }
        return w;
    }

    /**
     * U·diag(sigmas)·Vᵀ with U (rows × m) and V (m × m) orthonormal, m = min(rows, cols) =
     * sigmas.length: a matrix whose singular values are {@code sigmas} up to ε·max σ. U and V are
     * products of random Householder reflections applied to the diagonal matrix.
     */
    public static double[] withSingularValues(int rows, int cols, double[] sigmas, long seed) {
        if (sigmas.length != Math.min(rows, cols)) {
            throw new IllegalArgumentException("need min(rows, cols) singular values");
        }
        double[] w = new double[rows * cols];
        for (int i = 0; i < sigmas.length; i++) {
            w[i * cols + i] = sigmas[i];
        }
        Random r = new Random(seed);
        for (int rep = 0; rep < 3; rep++) {
            reflectRows(w, rows, cols, randomVector(rows, r));
            reflectCols(w, rows, cols, randomVector(cols, r));
        }
        return w;
    }

    private static double[] randomVector(int n, Random r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** W ← (I − 2vvᵀ/vᵀv)·W. */
    private static void reflectRows(double[] w, int rows, int cols, double[] v) {
        double vv = 0;
        for (double x : v) {
            vv += x * x;
        }
        for (int j = 0; j < cols; j++) {
            double dot = 0;
            for (int i = 0; i < rows; i++) {
                dot += v[i] * w[i * cols + j];
            }
            double f = 2 * dot / vv;
            for (int i = 0; i < rows; i++) {
                w[i * cols + j] -= f * v[i];
            }
        }
    }

    /** W ← W·(I − 2vvᵀ/vᵀv). */
    private static void reflectCols(double[] w, int rows, int cols, double[] v) {
        double vv = 0;
        for (double x : v) {
            vv += x * x;
        }
        for (int i = 0; i < rows; i++) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += w[i * cols + j] * v[j];
            }
            double f = 2 * dot / vv;
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] -= f * v[j];
            }
        }
    }

    /** A conv2d tensor (out, in, kh, kw) whose slice k = i·kw + j is {@code slices[k]} (out × in). */
    public static double[] convFromSlices(double[][] slices, int out, int in) {
        int rf = slices.length;
        double[] t = new double[out * in * rf];
        for (int k = 0; k < rf; k++) {
            for (int e = 0; e < out * in; e++) {
                t[e * rf + k] = slices[k][e];
            }
        }
        return t;
    }
}
