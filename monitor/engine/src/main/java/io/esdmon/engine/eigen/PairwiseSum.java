package io.esdmon.engine.eigen;

/**
 * Sums doubles in the order NumPy's {@code np.sum} uses for a contiguous float64 array (pairwise
 * summation over blocks of 128 with eight running partial sums), so that sums and everything
 * derived from them (the mean-1 rescaling, norms, entropies) round exactly as in WeightWatcher.
 * Its error grows as O(log n), not O(n) as a plain loop's does.
 */
public final class PairwiseSum {

    private static final int BLOCK = 128;
    private static final int UNROLL = 8;

    private PairwiseSum() {
    }

    public static double of(double[] values) {
        return of(values, 0, values.length);
    }

    /** The sum of values[from, from + length). */
    public static double of(double[] values, int from, int length) {
        return 0.0 + pairwise(values, from, length);
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < UNROLL) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double[] r = new double[UNROLL];
            System.arraycopy(a, from, r, 0, UNROLL);
            int i = UNROLL;
            for (; i < n - n % UNROLL; i += UNROLL) {
                for (int j = 0; j < UNROLL; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % UNROLL;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
