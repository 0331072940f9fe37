package io.esdmon.phases;

import io.esdmon.phases.bulk.BulkFit;
import io.esdmon.phases.bulk.RobustBulkFit;
import java.util.OptionalInt;

/**
 * WeightWatcher's correlation traps: eigenvalues of the shuffled weights beyond the shuffled ESD's own MP
 * edge. Shuffling keeps every entry and destroys the correlations between them, so what stays beyond the
 * edge comes from single oversized entries (or heavy-tailed ones), not from learning: a sign of a problem
 * (a few huge weights), reported beside the phase and never deciding it.
 */
public final class CorrelationTraps {

    private CorrelationTraps() {
    }

    /**
     * @param shuffledAscending  eigenvalues of the shuffled weights, ascending; several shuffles pooled
     * @param count              eigenvalues of one unshuffled ESD (M·rf), to tell how many shuffles were pooled
     * @param n                  larger dimension of one slice
     * @param m                  smaller dimension of one slice
     * @param t                  thresholds (the outlier margin and the zero floor)
     * @return traps per shuffle, rounded; empty when the shuffled spectrum has fewer than two positive values
     */
    public static OptionalInt count(double[] shuffledAscending, int count, int n, int m, PhaseThresholds t) {
        if (shuffledAscending.length < 2) {
            return OptionalInt.empty();
        }
        double mean = 0;
        for (double v : shuffledAscending) {
            mean += v / shuffledAscending.length;
        }
        double floor = t.nearZeroEpsilon() * mean;
        int positive = 0;
        for (double v : shuffledAscending) {
            positive += v > floor ? 1 : 0;
        }
        if (positive < 2) {
            return OptionalInt.empty();
        }
        BulkFit fit = RobustBulkFit.fit(shuffledAscending, n, m, t.edgeSigmas(), floor);
        double replicas = Math.max(1, Math.round((double) shuffledAscending.length / count));
        return OptionalInt.of((int) Math.round(fit.outlierCount() / replicas));
    }
}
