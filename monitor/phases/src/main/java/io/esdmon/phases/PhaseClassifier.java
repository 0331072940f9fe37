package io.esdmon.phases;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.phases.DecisionPath.Test;
import io.esdmon.phases.bulk.BulkFit;
import io.esdmon.phases.bulk.BulkMisfit;
import io.esdmon.phases.bulk.RobustBulkFit;
import io.esdmon.phases.tail.PowerLawTail;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Assigns one of the 5+1 phases, or Undetermined, to a layer's ESD from its eigenvalues alone, so that a
 * layer gets the same phase whether its weights or only its spectrum were published. The rules, in
 * order (docs/phases.md gives the reasoning):
 * <ol>
 * <li>Undetermined below minEigenvalues eigenvalues.</li>
 * <li>Rank-collapse when a large share of eigenvalues sits at zero.</li>
 * <li>Fit an MP bulk robustly ({@link RobustBulkFit}); the bulk is not MP when its KS misfit lies far
 * above what random matrices of its size give ({@link BulkMisfit}).</li>
 * <li>The tail: without an MP bulk, the top of the whole ESD; with one, the outliers beyond its edge.
 * Heavy-Tailed when it is a power law ({@link PowerLawTail}) with α below heavyAlpha that ends where the
 * law says it should at this size.</li>
 * <li>Otherwise Bulk-decay without an MP bulk, or with a continuum of mass just past its edge.</li>
 * <li>Random-like with nothing beyond the edge and its Tracy–Widom margin; Bulk+Spikes when λ_max lies
 * a bulk width or more beyond the edge; Bleeding-out otherwise.</li>
 * </ol>
 * Every comparison is made on a continuous signal and measured in standard errors of that signal (the
 * margin), which the {@link PhaseTracker} uses as a hysteresis band. All signals are scale free.
 * The shuffled spectrum, when there is one, only gives the correlation traps ({@link CorrelationTraps}).
 */
public final class PhaseClassifier {

    /** Standard deviation of the Tracy–Widom (β = 1) law: the unit of λ_max's fluctuation at the edge. */
    private static final double TW_SD = 1.27;

    private final PhaseThresholds thresholds;

    public PhaseClassifier(PhaseThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Classifies an analyzed layer; its shuffled spectrum, when there is one, gives the correlation traps. */
    public PhaseCall classify(LayerAnalysis analysis) {
        Spectrum s = analysis.spectrum();
        return classify(s.evals(), s.n(), s.m(), s.rf(), analysis.randomized().map(RandomizedEsd::randEvals));
    }

    /**
     * @param evalsAscending the layer's eigenvalues (pooled over conv slices), ascending
     * @param n              larger dimension of one slice
     * @param m              smaller dimension of one slice
     * @param rf             slices pooled (1 for dense layers)
     * @param shuffledEvals  eigenvalues of the shuffled weights (replicas pooled), if available
     */
    public PhaseCall classify(double[] evalsAscending, int n, int m, int rf, Optional<double[]> shuffledEvals) {
        if (evalsAscending == null || evalsAscending.length < 1) {
            throw new IllegalArgumentException("a phase needs at least one eigenvalue");
        }
        PhaseThresholds t = thresholds;
        double[] evals = evalsAscending;
        int count = evals.length;
        OptionalInt traps = shuffledEvals.map(r -> CorrelationTraps.count(r, count, n, m, t))
                .orElse(OptionalInt.empty());
        DecisionPath path = new DecisionPath();
        Test size = new Test("num_evals", count, t.minEigenvalues(), Math.sqrt(t.minEigenvalues()),
                "eigenvalues; fewer than minEigenvalues cannot tell the phases apart");
        if (count < t.minEigenvalues()) {
            path.atLeast(size);
            return path.call(Phase.UNDETERMINED, DecidingRule.TOO_FEW_EIGENVALUES, traps);
        }
        path.check(size);
        double mean = mean(evals);
        double lambdaMax = evals[count - 1];
        double zeroFloor = zeroFloor(evals, mean);
        int zeros = countAtMost(evals, zeroFloor);
        double f = t.rankCollapseFraction();
        if (path.atLeast(new Test("near_zero_fraction", (double) zeros / count, f, Math.sqrt(f * (1 - f) / count),
                "share of eigenvalues at zero"))) {
            return path.call(Phase.RANK_COLLAPSE, DecidingRule.NEAR_ZERO_MASS, traps);
        }
        path.report("stable_rank", mean * count / lambdaMax, "sum of eigenvalues / lambda_max");
        if (count - zeros < 2) {
            return path.call(Phase.UNDETERMINED, DecidingRule.FIT_FAILED, traps);
        }

        BulkFit bulk = RobustBulkFit.fit(evals, n, m, t.edgeSigmas(), zeroFloor);
        reportBulk(path, bulk, lambdaMax);
        boolean notMp = path.atLeast(new Test("bulk_misfit_sigmas", BulkMisfit.sigmas(bulk.ks(), bulk.bulkCount(), rf),
                t.bulkMisfitSigmas(), 1, "KS misfit of the bulk against its MP fit, in standard deviations of"
                        + " random matrices of this size"));
        int outliers = bulk.outlierCount();
        Optional<PowerLawTail> tail = PowerLawTail.fit(evals, notMp ? zeros : count - outliers,
                t.minTailEigenvalues());
        if (tail.isEmpty() && notMp) {
            path.report("num_tail_candidates", count - zeros, "positive eigenvalues; no power law with alpha > 1"
                    + " fits their top");
            return path.call(Phase.UNDETERMINED, DecidingRule.FIT_FAILED, traps);
        }
        if (tail.isEmpty()) {
            // too few outliers to fit a tail at all: a precondition of the tail tests, not a signal near a threshold
            path.check(new Test("num_outliers", outliers, t.minTailEigenvalues(), Math.sqrt(t.minTailEigenvalues()),
                    "eigenvalues beyond the MP edge plus " + t.edgeSigmas() + " Tracy-Widom units; a power-law"
                            + " tail needs minTailEigenvalues"));
        } else if (heavyTail(path, tail.get())) {
            return path.call(Phase.HEAVY_TAILED, DecidingRule.POWER_LAW_TAIL, traps);
        }
        if (notMp) {
            return path.call(Phase.BULK_DECAY, DecidingRule.BULK_NOT_MP, traps);
        }

        double s = t.nearEdgeShare();
        if (path.atLeast(new Test("near_edge_share", nearEdgeMass(evals, bulk) / count, s,
                Math.sqrt(s * (1 - s) / count), "share of the eigenvalues just past the MP edge (within "
                        + t.separatedWidths() + " bulk widths)"))) {
            return path.call(Phase.BULK_DECAY, DecidingRule.EDGE_DECAY, traps);
        }
        if (!path.atLeast(new Test("top_edge_sigmas", (lambdaMax - bulk.lambdaPlus()) / bulk.edgeSigma(),
                t.edgeSigmas(), TW_SD, "lambda_max beyond the MP edge, in Tracy-Widom units"))) {
            return path.call(Phase.RANDOM_LIKE, DecidingRule.NO_OUTLIERS, traps);
        }
        double width = bulk.lambdaPlus() - bulk.lambdaMinus();
        double spikeError = Math.max(bulk.edgeSigma(), lambdaMax * Math.sqrt(2.0 / n)) / width;
        if (path.atLeast(new Test("top_separation", bulk.separation(lambdaMax), t.separatedWidths(), spikeError,
                "lambda_max beyond the MP edge, in bulk widths"))) {
            return path.call(Phase.BULK_PLUS_SPIKES, DecidingRule.SEPARATED_SPIKES, traps);
        }
        return path.call(Phase.BLEEDING_OUT, DecidingRule.NEAR_EDGE_OUTLIERS, traps);
    }

    /** Heavy-Tailed when the tail's α is low and it is a power law that ends where the law says it should. */
    private boolean heavyTail(DecisionPath path, PowerLawTail pl) {
        PhaseThresholds t = thresholds;
        path.report("num_tail", pl.size(), "eigenvalues in the power-law tail");
        path.report("xmin", pl.fit().xmin(), "start of the power-law tail");
        return path.allBelow(List.of(
                new Test("alpha", pl.alpha(), t.heavyAlpha(), pl.alphaError(), "power-law exponent of the tail"),
                new Test("tail_ks", pl.ksSqrtN(), t.maxTailKs(), PowerLawTail.KS_SD,
                        "D * sqrt(n_tail): KS distance of the power-law fit at its scale"),
                new Test("tail_truncation", pl.truncation(), t.truncationSigmas(), 1,
                        "standard deviations by which a power law with a cut-off fits the tail better"),
                new Test("tail_top", Math.abs(pl.topSigmas()), t.topSigmas(), 1,
                        "standard deviations between lambda_max and the largest of n_tail values of the law")));
    }

    private static void reportBulk(DecisionPath path, BulkFit bulk, double lambdaMax) {
        path.report("num_outliers", bulk.outlierCount(), "eigenvalues beyond the MP edge and its Tracy-Widom margin");
        path.report("robust_bulk_max", bulk.lambdaPlus(), "upper edge of the robust MP fit of the bulk");
        path.report("robust_bulk_min", bulk.lambdaMinus(), "lower edge of the robust MP fit of the bulk");
        path.report("robust_bulk_scale", bulk.scale(), "mean eigenvalue of the robust MP bulk");
        path.report("edge_sigma", bulk.edgeSigma(), "Tracy-Widom unit at the edge");
        path.report("lambda_max", lambdaMax, "largest eigenvalue");
        path.report("mp_softrank", bulk.lambdaPlus() / lambdaMax, "MP edge / lambda_max, robust fit");
    }

    /**
     * The eigenvalues just past the edge, counted continuously so that one eigenvalue drifting across a
     * boundary moves the count smoothly: each weighs from 0 at t−1 to 1 at t+1 Tracy–Widom units beyond
     * λ₊, and from 1 at separatedWidths − ¼ to 0 at separatedWidths + ¼ bulk widths beyond it.
     */
    private double nearEdgeMass(double[] evals, BulkFit bulk) {
        double t = thresholds.edgeSigmas();
        double far = thresholds.separatedWidths();
        double mass = 0;
        for (int i = evals.length - 1; i >= 0 && evals[i] > bulk.lambdaPlus(); i--) {
            double sigmas = (evals[i] - bulk.lambdaPlus()) / bulk.edgeSigma();
            double widths = bulk.separation(evals[i]);
            mass += clamp((sigmas - (t - 1)) / 2) * clamp((far + 0.25 - widths) / 0.5);
        }
        return mass;
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

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
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
