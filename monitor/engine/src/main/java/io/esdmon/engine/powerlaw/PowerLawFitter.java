package io.esdmon.engine.powerlaw;

import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.eigen.AscendingEvals;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fits a power law ρ(λ) ~ λ^−α to the tail of an ESD, as WeightWatcher 0.7.5.5 does: eigenvalues
 * above the floor are fitted with the {@link XminSearch Clauset xmin search}, optionally after
 * clipping "fingers" off the top ({@link FixFingers#CLIP_XMAX}).
 */
public final class PowerLawFitter {

    private PowerLawFitter() {
    }

    /** WeightWatcher's default {@code pl_package='ww'} fit. */
    public static PowerLawFit fit(double[] evalsAscending, EigenvalueFloor floor, FixFingers fixFingers) {
        return fit(evalsAscending, floor, fixFingers, PlPackage.WW);
    }

    /**
     * @param evalsAscending  all eigenvalues of the layer, ascending
     * @param floor           eigenvalues at or below {@code floor.threshold(λ_max)} are not fitted
     * @param fixFingers      optional clipping of outlying top eigenvalues
     * @param pkg             which xmin search to run
     * @return the fit; {@link PowerLawFit#failed} (all −1, warning "over-trained") when too few
     *         eigenvalues pass the floor, as in WeightWatcher
     */
    public static PowerLawFit fit(double[] evalsAscending, EigenvalueFloor floor, FixFingers fixFingers,
            PlPackage pkg) {
        AscendingEvals.require(evalsAscending, "evals");
        if (floor == null || fixFingers == null || pkg == null) {
            throw new IllegalArgumentException("floor, fixFingers and pkg are required");
        }
        int n = evalsAscending.length;
        // strict '>' with a threshold >= 0 also keeps zeros, whose log is −∞, out of the fit
        int from = firstAbove(evalsAscending, floor.threshold(evalsAscending[n - 1]));
        return switch (fixFingers) {
            case NONE -> XminSearch.fit(evalsAscending, from, n, pkg)
                    .map(best -> result(evalsAscending, best, best, 0))
                    .orElseGet(() -> PowerLawFit.failed(n - from));
            case CLIP_XMAX -> FingerClipping.fit(evalsAscending, from, pkg)
                    .map(c -> result(evalsAscending, c.best(), c.first(), c.numFingers()))
                    .orElseGet(() -> PowerLawFit.failed(n - from));
        };
    }

    /**
     * The Clauset fit of the values {@code x[from..]} (ascending, positive) with xmin chosen only among
     * candidates that leave at least {@code minTail} values in the tail, so that a tail of two or three
     * points cannot win the search; for the phase classifier, not part of WeightWatcher's columns.
     *
     * @return the fit, or empty when fewer than {@code minTail} values are given or no candidate fits
     */
    public static Optional<PowerLawFit> fitTail(double[] x, int from, int minTail) {
        AscendingEvals.require(x, "x");
        return XminSearch.fit(x, from, x.length, PlPackage.WW, minTail)
                .filter(best -> best.alpha() > 1 && Double.isFinite(best.alpha()))
                .map(best -> result(x, best, best, 0));
    }

    private static PowerLawFit result(double[] evals, TailFit best, TailFit first, int numFingers) {
        if (Double.isNaN(best.alpha())) {
            return PowerLawFit.failed(best.size());
        }
        int numPlSpikes = evals.length - firstAtLeast(evals, best.xmin());
        return new PowerLawFit(best.alpha(), best.xmin(), best.xmax(), best.D(), best.sigma(), numPlSpikes,
                best.size(), first.alpha(), numFingers, FitStatus.SUCCESS);
    }

    private static int firstAbove(double[] ascending, double threshold) {
        int i = 0;
        while (i < ascending.length && !(ascending[i] > threshold)) {
            i++;
        }
        return i;
    }

    private static int firstAtLeast(double[] ascending, double value) {
        int i = Arrays.binarySearch(ascending, value);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && ascending[i - 1] == value) {
            i--;
        }
        return i;
    }

    /**
     * WeightWatcher's {@code fit_clipped_powerlaw}: refit with the top idx = 2..9 values dropped and
     * stop at the first fit whose α is more than 1 below the unclipped α (num_fingers = idx − 1), or
     * give up once α ≤ 2. Up to three more fits below the stopping point are run as a check; like
     * WeightWatcher, any of these fits having fewer than two values fails the whole fit.
     */
    static final class FingerClipping {

        static final int MAX_FINGERS = 10;
        static final double FINGER_THRESH = 1.0;
        static final double MIN_ALPHA = 2.0;

        record Clipped(TailFit best, TailFit first, int numFingers) {
        }

        private FingerClipping() {
        }

        static Optional<Clipped> fit(double[] x, int from, PlPackage pkg) {
            int to = x.length;
            Optional<TailFit> first = XminSearch.fit(x, from, to, pkg);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            TailFit best = first.get();
            TailFit last = best;
            int numFingers = 0;
            int idx = 2;
            for (; idx < MAX_FINGERS; idx++) {
                Optional<TailFit> clipped = XminSearch.fit(x, from, to - idx, pkg);
                if (clipped.isEmpty()) {
                    return Optional.empty();
                }
                last = clipped.get();
                if (last.alpha() + FINGER_THRESH < first.get().alpha()) {
                    best = last;
                    numFingers = idx - 1;
                    break;
                }
                if (last.alpha() <= MIN_ALPHA) {
                    break;
                }
            }
            int stop = Math.min(idx, MAX_FINGERS - 1); // Python's loop variable keeps its last value
            for (int idy = stop + 1; idy <= stop + 3; idy++) {
                Optional<TailFit> check = XminSearch.fit(x, from, to - idy, pkg);
                if (check.isEmpty()) {
                    return Optional.empty();
                }
                if (Math.abs(check.get().alpha() - last.alpha()) > FINGER_THRESH) {
                    break;
                }
            }
            return Optional.of(new Clipped(best, first.get(), numFingers));
        }
    }
}
