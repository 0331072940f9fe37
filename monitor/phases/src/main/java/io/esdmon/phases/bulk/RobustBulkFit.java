package io.esdmon.phases.bulk;

import java.util.Arrays;

/**
 * Fits a Marchenko–Pastur bulk while ignoring what lies beyond it, which WeightWatcher's
 * KDE-and-grid fit does not: spikes and heavy tails drag that fit's σ and edge around.
 *
 * <p>Start from the scale that puts the median eigenvalue at the law's median, then repeat: the
 * bulk is every eigenvalue up to λ₊ + t·σ_TW of the current scale, and the new scale is the bulk's
 * mean (the law's mean is its scale, and an MP bulk lies entirely below its edge). This converges
 * in a few rounds. The fit's quality is judged by the Kolmogorov–Smirnov distance between the bulk
 * and the fitted law, so that a bulk that is not MP-shaped shows as a large distance rather than as
 * a silently wrong edge.
 */
public final class RobustBulkFit {

    private static final int MAX_ROUNDS = 200;

    private RobustBulkFit() {
    }

    /**
     * @param evalsAscending eigenvalues of WᵀW, ascending
     * @param n              larger dimension of one slice
     * @param m              smaller dimension of one slice
     * @param edgeSigmas     t: how many Tracy–Widom units beyond λ₊ an eigenvalue must lie to be an outlier
     * @param zeroFloor      eigenvalues at or below this absolute value are left out (rank deficiency is judged elsewhere)
     */
    public static BulkFit fit(double[] evalsAscending, int n, int m, double edgeSigmas, double zeroFloor) {
        int first = firstAbove(evalsAscending, zeroFloor);
        double[] pos = Arrays.copyOfRange(evalsAscending, first, evalsAscending.length);
        if (pos.length < 2) {
            throw new IllegalArgumentException("an MP bulk needs at least two positive eigenvalues, got " + pos.length);
        }
        MpDistribution law = new MpDistribution((double) Math.min(n, m) / Math.max(n, m));
        int big = Math.max(n, m);
        int small = Math.min(n, m);

        double scale = median(pos) / law.quantile(0.5);
        int count = -1;
        int rounds = 0;
        while (rounds < MAX_ROUNDS) {
            rounds++;
            double threshold = scale * law.upperEdge() + edgeSigmas * EdgeFluctuation.sigma(scale, big, small);
            int newCount = countAtMost(pos, threshold);
            double newScale = mean(pos, newCount);
            boolean stable = newCount == count && Math.abs(newScale - scale) <= 1e-12 * scale;
            count = newCount;
            scale = newScale;
            if (stable) {
                break;
            }
        }
        double edgeSigma = EdgeFluctuation.sigma(scale, big, small);
        double threshold = scale * law.upperEdge() + edgeSigmas * edgeSigma;
        int bulk = countAtMost(pos, threshold);
        double ks = ksDistance(pos, bulk, scale, law);
        return new BulkFit(scale, scale * law.lowerEdge(), scale * law.upperEdge(), edgeSigma, threshold, bulk,
                pos.length - bulk, ks, rounds);
    }

    /** KS distance between the first {@code count} values (ascending) and the law at scale s. */
    static double ksDistance(double[] ascending, int count, double scale, MpDistribution law) {
        double d = 0;
        for (int i = 0; i < count; i++) {
            double f = law.cdf(ascending[i] / scale);
            d = Math.max(d, Math.max((i + 1.0) / count - f, f - (double) i / count));
        }
        return d;
    }

    private static int firstAbove(double[] ascending, double floor) {
        int i = 0;
        while (i < ascending.length && ascending[i] <= floor) {
            i++;
        }
        return i;
    }

    private static int countAtMost(double[] ascending, double threshold) {
        int i = ascending.length;
        while (i > 0 && ascending[i - 1] > threshold) {
            i--;
        }
        return i;
    }

    private static double mean(double[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    private static double median(double[] ascending) {
        int k = ascending.length;
        return k % 2 == 1 ? ascending[k / 2] : 0.5 * (ascending[k / 2 - 1] + ascending[k / 2]);
    }
}
