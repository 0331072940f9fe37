package io.esdmon.engine.eigen;

/**
 * The Gram matrix of a row-major {@code rows × cols} array in plain Java: WᵀW (cols × cols) when
 * tall, WWᵀ (rows × rows) when wide. Both are the dot products of M vectors of length N (the
 * columns, or the rows); the vectors are copied in chunks of {@value #CHUNK} contiguous entries so
 * the inner loop is a unit-stride dot product and the M×M result is swept once per chunk.
 */
final class GramProduct {

    private static final int CHUNK = 256;

    private GramProduct() {
    }

    /** The full symmetric M×M Gram matrix, row-major. */
    static double[] of(double[] w, int rows, int cols) {
        boolean tall = cols <= rows;
        int m = tall ? cols : rows;
        int n = tall ? rows : cols;
        double[] gram = new double[m * m];
        double[] chunk = new double[m * CHUNK];
        for (int t0 = 0; t0 < n; t0 += CHUNK) {
            int len = Math.min(CHUNK, n - t0);
            for (int v = 0; v < m; v++) {
                for (int t = 0; t < len; t++) {
                    // vector v, entry t0 + t: W[t0+t][v] when tall, W[v][t0+t] when wide
                    chunk[v * CHUNK + t] = tall ? w[(t0 + t) * cols + v] : w[v * cols + t0 + t];
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    gram[i * m + j] += dot(chunk, i * CHUNK, j * CHUNK, len);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                gram[j * m + i] = gram[i * m + j];
            }
        }
        return gram;
    }

    private static double dot(double[] a, int i, int j, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < len; t += 4) {
            s0 += a[i + t] * a[j + t];
            s1 += a[i + t + 1] * a[j + t + 1];
            s2 += a[i + t + 2] * a[j + t + 2];
            s3 += a[i + t + 3] * a[j + t + 3];
        }
        for (; t < len; t++) {
            s0 += a[i + t] * a[j + t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
