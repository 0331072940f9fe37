package io.esdmon.phases;

import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.engine.powerlaw.PowerLawFitter;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.phases.bulk.BulkFit;
import io.esdmon.phases.bulk.RobustBulkFit;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Assigns one of the 5+1 phases to a layer's ESD. The rules, in order (docs/phases.md gives the
 * reasoning from the paper):
 * <ol>
 * <li>Rank-collapse when a large share of eigenvalues sits at zero.</li>
 * <li>Fit an MP bulk robustly ({@link RobustBulkFit}); outliers lie beyond λ₊ + t·σ_TW.</li>
 * <li>Outliers that survive shuffling the weights come from heavy-tailed entries: Heavy-Tailed.</li>
 * <li>A bulk that is not MP shaped: Heavy-Tailed or Bulk-decay, by α and λ_max/λ₊.</li>
 * <li>No outliers: Random-like.</li>
 * <li>More outliers than a few spikes: Heavy-Tailed or Bulk-decay, as above.</li>
 * <li>A few outliers: Bulk+Spikes if one is well separated from the bulk, else Bleeding-out.</li>
 * </ol>
 * All signals are scale free, so multiplying the weights by a constant never changes the phase.
 */
public final class PhaseClassifier {

    /** The power-law fit here must not depend on the weights' scale, unlike WeightWatcher's 1e-5 floor. */
    private static final EigenvalueFloor SCALE_FREE_FLOOR = EigenvalueFloor.relative(1e-12);
    private static final double MAX_MARGIN = 10;

    private final PhaseThresholds thresholds;

    public PhaseClassifier(PhaseThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Classifies an analyzed layer, using its shuffled spectrum when the analysis has one. */
    public PhaseCall classify(LayerAnalysis analysis) {
        Spectrum s = analysis.spectrum();
        return classify(s.evals(), s.n(), s.m(), analysis.randomized().map(RandomizedEsd::randEvals));
    }

    /**
     * @param evalsAscending the layer's eigenvalues (pooled over conv slices), ascending
     * @param n              larger dimension of one slice
     * @param m              smaller dimension of one slice
     * @param shuffledEvals  eigenvalues of the shuffled weights (replicas pooled), if available
     */
    public PhaseCall classify(double[] evalsAscending, int n, int m, Optional<double[]> shuffledEvals) {
        if (evalsAscending == null || evalsAscending.length < 2) {
            throw new IllegalArgumentException("a phase needs at least two eigenvalues");
        }
        PhaseThresholds t = thresholds;
        Margin margin = new Margin();
        double[] evals = evalsAscending;
        int count = evals.length;
        double mean = mean(evals);
        double lambdaMax = evals[count - 1];
        double zeroFloor = zeroFloor(evals, mean);
        double nearZero = (double) countAtMost(evals, zeroFloor) / count;
        double stableRank = mean * count / lambdaMax;

        boolean collapsed = margin.atLeast(nearZero, t.rankCollapseFraction(), 0);
        if (collapsed || count - countAtMost(evals, zeroFloor) < 2) {
            PhaseEvidence e = new PhaseEvidence(DecidingRule.NEAR_ZERO_MASS, nearZero, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, lambdaMax, Double.NaN, Double.NaN,
                    OptionalDouble.empty(), Double.NaN, Double.NaN, Double.NaN, stableRank);
            return new PhaseCall(Phase.RANK_COLLAPSE, margin.value(), e);
        }

        BulkFit bulk = RobustBulkFit.fit(evals, n, m, t.edgeSigmas(), zeroFloor);
        int outliers = bulk.outlierCount();
        int nearEdge = 0;
        for (int i = count - outliers; i < count; i++) {
            if (bulk.separation(evals[i]) < t.separatedWidths()) {
                nearEdge++;
            }
        }
        OptionalDouble shuffled = shuffledEvals.map(r -> shuffledOutliers(r, count, n, m)).orElse(OptionalDouble.empty());
        PowerLawFit pl = PowerLawFitter.fit(evals, SCALE_FREE_FLOOR, FixFingers.NONE);
        double ksLimit = t.bulkKsFactor() / bulk.bulkCount();
        Evidence partial = new Evidence(nearZero, bulk, ksLimit, outliers, nearEdge, lambdaMax, shuffled, pl, stableRank);

        if (outliers > 0 && shuffled.isPresent()
                && margin.atLeast(shuffled.getAsDouble(), Math.max(1, t.shuffledShare() * outliers), 1)) {
            return partial.call(Phase.HEAVY_TAILED, DecidingRule.OUTLIERS_SURVIVE_SHUFFLE, margin);
        }
        if (margin.atLeast(bulk.ks(), ksLimit, 0)) {
            return heavyOrDecay(partial, DecidingRule.MP_FIT_REJECTED, margin);
        }
        if (outliers == 0) {
            margin.below(lambdaMax - bulk.lambdaPlus(), bulk.threshold() - bulk.lambdaPlus());
            return partial.call(Phase.RANDOM_LIKE, DecidingRule.NO_OUTLIERS, margin);
        }
        double few = Math.max(t.fewNearEdgeMin(), t.fewNearEdgeFraction() * count);
        double maxSpikes = t.fewNearEdgeMin() + t.maxSpikeFraction() * count;
        if (nearEdge > few || outliers > maxSpikes) {
            return heavyOrDecay(partial, DecidingRule.MANY_OUTLIERS, margin);
        }
        margin.atLeast(nearEdge, few, 1);
        margin.atLeast(outliers, maxSpikes, 1);
        double topSeparation = bulk.separation(lambdaMax);
        if (margin.atLeast(topSeparation, t.separatedWidths(), 0)) {
            return partial.call(Phase.BULK_PLUS_SPIKES, DecidingRule.SEPARATED_SPIKES, margin);
        }
        return partial.call(Phase.BLEEDING_OUT, DecidingRule.FEW_NEAR_EDGE, margin);
    }

    /**
     * Eigenvalues at or below the returned value count as zero: those below nearZeroEpsilon·mean, or,
     * when enough lie below smallEpsilon·mean and the largest of them sits gapDecades below the next
     * eigenvalue, all of those (a noisy low-rank layer). An MP bulk, even under a heavy tail that
     * inflates the mean, has no such gap among its smallest eigenvalues.
     */
    private double zeroFloor(double[] evals, double mean) {
        PhaseThresholds t = thresholds;
        double strict = t.nearZeroEpsilon() * mean;
        int small = countAtMost(evals, t.smallEpsilon() * mean);
        int from = (int) Math.ceil(t.rankCollapseFraction() * evals.length) - 1;
        if (small >= evals.length || from < 0 || small <= from) {
            return strict;
        }
        double gapRatio = Math.pow(10, t.gapDecades());
        for (int i = small - 1; i >= from; i--) {
            if (evals[i + 1] >= gapRatio * Math.max(evals[i], Double.MIN_NORMAL)) {
                return Math.max(strict, evals[i]);
            }
        }
        return strict;
    }

    private PhaseCall heavyOrDecay(Evidence e, DecidingRule rule, Margin margin) {
        boolean lowAlpha = e.pl.alpha() > 0 && e.pl.alpha() <= thresholds.heavyAlpha();
        double ratio = e.lambdaMax / e.bulk.lambdaPlus();
        if (lowAlpha && ratio >= thresholds.heavyLambdaRatio()) {
            margin.below(e.pl.alpha(), thresholds.heavyAlpha());
            margin.atLeast(ratio, thresholds.heavyLambdaRatio(), 0);
            return e.call(Phase.HEAVY_TAILED, rule, margin);
        }
        // the deciding signal is whichever of the two failed; it is the one nearer its threshold
        double alphaMargin = lowAlpha ? Double.POSITIVE_INFINITY : Margin.distance(e.pl.alpha(), thresholds.heavyAlpha(), 0);
        double ratioMargin = ratio >= thresholds.heavyLambdaRatio() ? Double.POSITIVE_INFINITY
                : Margin.distance(ratio, thresholds.heavyLambdaRatio(), 0);
        margin.include(Math.max(Math.min(alphaMargin, ratioMargin), 0));
        return e.call(Phase.BULK_DECAY, rule, margin);
    }

    /** Outliers of the shuffled spectrum, per shuffle (small layers pool several shuffles). */
    private OptionalDouble shuffledOutliers(double[] shuffled, int count, int n, int m) {
        if (shuffled.length < 2) {
            return OptionalDouble.empty();
        }
        double replicas = Math.max(1, Math.round((double) shuffled.length / count));
        double floor = zeroFloor(shuffled, mean(shuffled));
        if (shuffled.length - countAtMost(shuffled, floor) < 2) {
            return OptionalDouble.empty();
        }
        BulkFit fit = RobustBulkFit.fit(shuffled, n, m, thresholds.edgeSigmas(), floor);
        return OptionalDouble.of(fit.outlierCount() / replicas);
    }

    /** The signals shared by every outcome after the bulk fit. */
    private record Evidence(double nearZero, BulkFit bulk, double ksLimit, int outliers, int nearEdge,
            double lambdaMax, OptionalDouble shuffled, PowerLawFit pl, double stableRank) {

        PhaseCall call(Phase phase, DecidingRule rule, Margin margin) {
            double widths = bulk.separation(lambdaMax);
            double sigmas = (lambdaMax - bulk.lambdaPlus()) / bulk.edgeSigma();
            PhaseEvidence e = new PhaseEvidence(rule, nearZero, bulk.scale(), bulk.lambdaMinus(), bulk.lambdaPlus(),
                    bulk.edgeSigma(), bulk.ks(), ksLimit, outliers, nearEdge, outliers - nearEdge, lambdaMax, widths,
                    sigmas, shuffled, pl.alpha(), pl.D(), bulk.lambdaPlus() / lambdaMax, stableRank);
            return new PhaseCall(phase, margin.value(), e);
        }
    }

    /** The smallest distance of a deciding signal from its threshold, in factors of two. */
    private static final class Margin {
        private double value = MAX_MARGIN;

        /** Records the comparison x ≥ threshold and returns its outcome; offset 1 suits counts. */
        boolean atLeast(double x, double threshold, double offset) {
            include(distance(x, threshold, offset));
            return x >= threshold;
        }

        void below(double x, double threshold) {
            include(distance(x, threshold, 0));
        }

        void include(double d) {
            value = Math.min(value, d);
        }

        double value() {
            return value;
        }

        static double distance(double x, double threshold, double offset) {
            double a = x + offset;
            double b = threshold + offset;
            if (!(a > 0) || !(b > 0)) {
                return MAX_MARGIN;
            }
            return Math.min(MAX_MARGIN, Math.abs(Math.log(a / b)) / Math.log(2));
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static int countAtMost(double[] ascending, double threshold) {
        int i = 0;
        while (i < ascending.length && ascending[i] <= threshold) {
            i++;
        }
        return i;
    }
}
