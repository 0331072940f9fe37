package io.esdmon.wire.analysis;

import io.esdmon.engine.mp.MarchenkoPastur;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.powerlaw.FitStatus;
import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.proto.EsdHistogram;
import io.esdmon.proto.FitCurves;

/**
 * The compact ESD that travels with an analysis for plotting: a histogram of log10 λ and the
 * fitted MP and power-law densities on the same scale (per unit of log10 λ, as fractions of all
 * eigenvalues), so a dashboard can overlay them without the eigenvalues.
 */
public final class EsdPlot {

    /** Histogram bins. */
    public static final int BINS = 64;
    /** Points of each fitted curve. */
    public static final int CURVE_POINTS = 128;
    /** Eigenvalues below λ_max times this are counted as "below" instead of stretching the axis. */
    public static final double DYNAMIC_RANGE = 1e-12;

    private static final double LN10 = Math.log(10);

    private EsdPlot() {
    }

    /** The histogram of ascending eigenvalues on {@link #BINS} log-spaced bins. */
    public static EsdHistogram histogram(double[] evalsAscending) {
        double lambdaMax = evalsAscending[evalsAscending.length - 1];
        double floor = lambdaMax * DYNAMIC_RANGE;
        double smallest = lambdaMax;
        for (double v : evalsAscending) {
            if (v > floor) {
                smallest = v;
                break;
            }
        }
        double lo = Math.log10(smallest);
        double hi = Math.log10(lambdaMax);
        if (!(hi - lo > 1e-9)) { // one distinct value: a unit-wide axis centred on it
            lo -= 0.5;
            hi += 0.5;
        }
        double width = (hi - lo) / BINS;
        int[] counts = new int[BINS];
        int below = 0;
        for (double v : evalsAscending) {
            if (!(v >= smallest)) {
                below++;
                continue;
            }
            int bin = (int) ((Math.log10(v) - lo) / width);
            counts[Math.min(BINS - 1, Math.max(0, bin))]++;
        }
        EsdHistogram.Builder h = EsdHistogram.newBuilder().setLog10Lo(lo).setLog10Hi(hi).setBelow(below);
        for (int c : counts) {
            h.addCounts(c);
        }
        return h.build();
    }

    /**
     * The fitted densities on {@link #CURVE_POINTS} log-spaced λ across the histogram's range. The MP
     * curve is weighted by the fraction of eigenvalues in the bulk (≤ bulk_max), the power law by
     * num_pl_spikes / num_evals and drawn on [xmin, xmax]; a failed or absent fit gives an empty curve.
     *
     * @param n  N of one slice, for Q = N / M
     * @param m  M of one slice
     */
    public static FitCurves curves(EsdHistogram h, double[] evalsAscending, int n, int m, MpFit mp,
            PowerLawFit pl) {
        FitCurves.Builder c = FitCurves.newBuilder();
        double step = (h.getLog10Hi() - h.getLog10Lo()) / (CURVE_POINTS - 1);
        double[] grid = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            grid[i] = Math.pow(10, h.getLog10Lo() + i * step);
            c.addGrid(grid[i]);
        }
        if (mp != null && mp.status() == FitStatus.SUCCESS) {
            double bulkFraction = fractionAtMost(evalsAscending, mp.bulkMax());
            double scale2 = mp.wScale() * mp.wScale();
            double q = (double) n / m;
            for (double lambda : grid) {
                double perLambda = MarchenkoPastur.density(lambda * scale2, q, mp.sigmaMp()) * scale2;
                c.addMpDensity(bulkFraction * perLambda * lambda * LN10);
            }
        }
        if (pl.status() == FitStatus.SUCCESS && pl.alpha() > 1 && pl.xmin() > 0) {
            double tailFraction = (double) pl.numPlSpikes() / evalsAscending.length;
            for (double lambda : grid) {
                double perLambda = lambda < pl.xmin() || lambda > pl.xmax() ? 0
                        : (pl.alpha() - 1) / pl.xmin() * Math.pow(lambda / pl.xmin(), -pl.alpha());
                c.addPlDensity(tailFraction * perLambda * lambda * LN10);
            }
        }
        return c.build();
    }

    private static double fractionAtMost(double[] ascending, double limit) {
        int count = 0;
        while (count < ascending.length && ascending[count] <= limit) {
            count++;
        }
        return (double) count / ascending.length;
    }
}
