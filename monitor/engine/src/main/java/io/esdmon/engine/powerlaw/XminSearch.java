package io.esdmon.engine.powerlaw;

import java.util.Optional;

/**
 * Clauset–Shalizi–Newman xmin search with the continuous MLE: for every candidate xmin = x[i],
 * α_i = 1 + n / Σ_{j≥i} ln(x_j / x_i) and the KS distance
 * D_i = max_k |1 − (x_{i+k}/x_i)^{1−α_i} − k/n| against the lower step k/n of the empirical CDF;
 * the first candidate with the smallest D wins.
 *
 * <p>Naively O(n²). Logs and tail sums are precomputed, so α is O(1) per candidate, and a
 * candidate's KS scan stops as soon as its running maximum exceeds the best D found so far (it
 * can then no longer win, and a tie still goes to the lower index because tied candidates are
 * scanned to the end). A seed pass over evenly spread candidates, top down, finds a tight bound
 * early, and each scan first probes where the previous candidate's deviation peaked, then a few
 * evenly spread points, before the full scan: on real spectra about two deviations are computed
 * per candidate instead of n/2.
 */
final class XminSearch {

    /** Candidates fitted first, evenly spread, to get a tight bound on D early. */
    private static final int SEEDS = 64;
    /** Evenly spread points each KS scan probes before the full scan. */
    private static final int PROBES = 8;

    private final double[] x;
    private final int from;
    private final int size;
    private final double[] logs;
    private final double[] tailLogSums;
    private final PlPackage pkg;
    /** Candidates leave at least this many values in the tail (2 in WeightWatcher: all but the last). */
    private final int minTail;
    /** Position of the last deviation that decided a candidate; neighbours tend to peak there too. */
    private int hint = -1;
    private double bestD = Double.POSITIVE_INFINITY;
    private int best = -1;

    private XminSearch(double[] x, int from, int to, PlPackage pkg, int minTail) {
        this.x = x;
        this.from = from;
        this.size = to - from;
        this.pkg = pkg;
        this.minTail = minTail;
        this.logs = new double[size];
        for (int j = 0; j < size; j++) {
            logs[j] = Math.log(x[from + j]);
        }
        this.tailLogSums = new double[size + 1];
        // Neumaier-compensated suffix sums: α's denominator Σ ln x_j − n ln x_i cancels heavily
        double sum = 0;
        double compensation = 0;
        for (int j = size - 1; j >= 0; j--) {
            double v = logs[j];
            double t = sum + v;
            compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
            tailLogSums[j] = sum + compensation;
        }
    }

    /**
     * Fits x[from, to), which must be ascending and strictly positive.
     *
     * @return the best fit, or empty when there is no candidate: fewer than two values (WW), or no
     *         two distinct values or no candidate with α &gt; 1 (powerlaw package)
     */
    static Optional<TailFit> fit(double[] x, int from, int to, PlPackage pkg) {
        return fit(x, from, to, pkg, 2);
    }

    /** As {@link #fit(double[], int, int, PlPackage)}, with only the candidates that leave minTail (≥ 2) values. */
    static Optional<TailFit> fit(double[] x, int from, int to, PlPackage pkg, int minTail) {
        if (minTail < 2) {
            throw new IllegalArgumentException("a tail needs at least 2 values, got minTail " + minTail);
        }
        if (to - from < minTail) {
            return Optional.empty();
        }
        return new XminSearch(x, from, to, pkg, minTail).run();
    }

    private Optional<TailFit> run() {
        int candidates = size - minTail + 1;
        int stride = Math.max(1, candidates / SEEDS);
        if (stride > 1) {
            // seeds from the top down: short tails are cheap to scan in full and usually fit well
            for (int i = (candidates - 1) / stride * stride; i >= 0; i -= stride) {
                consider(i);
            }
        }
        for (int i = 0; i < candidates; i++) {
            if (stride == 1 || i % stride != 0) {
                consider(i);
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        return Optional.of(new TailFit(x[from + best], x[from + size - 1], alpha(best), bestD, size - best, size));
    }

    /** Fits candidate i and keeps it if its D is smaller, or equal at a lower index. */
    private void consider(int i) {
        if (!isCandidate(i)) {
            return;
        }
        double alpha = alpha(i);
        double d;
        if (alpha > 1) {
            d = ksDistance(i, alpha, bestD);
        } else if (pkg == PlPackage.WW) {
            d = 1.0;
        } else {
            return;
        }
        if (d < bestD || d == bestD && i < best) {
            bestD = d;
            best = i;
        }
    }

    /** WW: every position but the last; powerlaw: first occurrences of values below the maximum. */
    private boolean isCandidate(int i) {
        if (pkg == PlPackage.WW) {
            return true;
        }
        return x[from + i] < x[from + size - 1] && isFirstOccurrence(i);
    }

    private boolean isFirstOccurrence(int j) {
        return j == 0 || x[from + j] != x[from + j - 1];
    }

    /** The continuous MLE α for the tail starting at position i. */
    double alpha(int i) {
        if (x[from + i] == x[from + size - 1]) {
            return Double.POSITIVE_INFINITY; // a flat tail: Σ ln(x_j/x_i) is exactly 0
        }
        int n = size - i;
        return 1 + n / (tailLogSums[i] - n * logs[i]);
    }

    /** D_i, or any value above {@code bound} once D_i is known to exceed it. */
    private double ksDistance(int i, double alpha, double bound) {
        int n = size - i;
        double nd = n;
        double exponent = 1 - alpha;
        if (hint > i && hint < size && isEcdfPoint(hint)) {
            double dev = deviation(i, hint - i, exponent, nd);
            if (dev > bound) {
                return dev;
            }
        }
        int stride = n / PROBES;
        if (stride > 1) {
            for (int k = stride; k < n; k += stride) {
                if (isEcdfPoint(i + k)) {
                    double dev = deviation(i, k, exponent, nd);
                    if (dev > bound) {
                        hint = i + k;
                        return dev;
                    }
                }
            }
        }
        double max = 0;
        int argmax = i;
        for (int k = 0; k < n; k++) {
            if (isEcdfPoint(i + k)) {
                double dev = deviation(i, k, exponent, nd);
                if (dev > max) {
                    max = dev;
                    argmax = i + k;
                    if (max > bound) {
                        break;
                    }
                }
            }
        }
        hint = argmax;
        return max;
    }

    /** WW compares at every position; the powerlaw package once per distinct value. */
    private boolean isEcdfPoint(int j) {
        return pkg == PlPackage.WW || isFirstOccurrence(j);
    }

    /** |F(x_{i+k}) − k/n| with the power-law CDF F(x) = 1 − (x/x_i)^{1−α}. */
    private double deviation(int i, int k, double exponent, double n) {
        double logRatio = logs[i + k] - logs[i];
        // (x/x_i)^e is exactly 1 at x = x_i even when e is −∞ (an all-equal tail), as in NumPy
        double survival = logRatio == 0 ? 1.0 : Math.exp(exponent * logRatio);
        return Math.abs(1 - survival - k / n);
    }
}
