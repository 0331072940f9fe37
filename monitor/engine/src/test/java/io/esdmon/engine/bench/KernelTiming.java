package io.esdmon.engine.bench;

import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.detx.DetX;
import io.esdmon.engine.eigen.EigenPath;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.mp.MpFitter;
import io.esdmon.engine.mp.MpSamples;
import io.esdmon.engine.mp.TriangularKde;
import io.esdmon.engine.norms.NormMetrics;
import io.esdmon.engine.powerlaw.NaiveXminSearch;
import io.esdmon.engine.powerlaw.PlPackage;
import io.esdmon.engine.powerlaw.PowerLawFitter;
import io.esdmon.engine.randomize.RandomizedEsd;
import java.util.Arrays;
import java.util.Locale;

/**
 * Median wall time of each metric kernel for n = 500, 4096 and 15000 eigenvalues, with the
 * straightforward O(n²) power-law search and the O(n·1000) KDE as baselines in the same process.
 * Not a test; run with
 * {@code java -cp monitor/engine/target/classes:monitor/engine/target/test-classes:<commons-math3.jar>
 * io.esdmon.engine.bench.KernelTiming}.
 */
public final class KernelTiming {

    private static final double BUDGET_SECONDS = 4;
    private static final int MAX_REPS = 25;
    private static double sink;

    private KernelTiming() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 4096, 15000};
        System.out.printf(Locale.ROOT, "%-34s %6s %12s %12s %8s%n", "kernel", "n", "median ms", "baseline ms", "ratio");
        for (int n : sizes) {
            for (String shape : new String[] {"mp", "heavy"}) {
                double[] evals = spectrum(shape, n);
                run(shape + " power law (ww)", n, () -> PowerLawFitter.fit(evals, EigenvalueFloor.WEIGHTWATCHER,
                        FixFingers.NONE).alpha(), () -> NaiveXminSearch.fit(evals, PlPackage.WW).alpha());
                run(shape + " power law clip_xmax", n, () -> PowerLawFitter.fit(evals, EigenvalueFloor.WEIGHTWATCHER,
                        FixFingers.CLIP_XMAX).alpha(), null);
                run(shape + " mp fit", n, () -> MpFitter.fit(evals, 2 * n, n).sigmaMp(), null);
                double[] x = Arrays.stream(evals).map(v -> v * n / Arrays.stream(evals).sum()).toArray();
                double[] grid = new double[1000];
                for (int j = 0; j < grid.length; j++) {
                    grid[j] = j * (x[n - 1] + 0.5) / 999;
                }
                run(shape + " kde (part of mp fit)", n, () -> TriangularKde.density(x, 0.1, grid)[500],
                        () -> naiveKde(x, 0.1, grid)[500]);
            }
            double[] evals = spectrum("heavy", n);
            Spectrum spectrum = new Spectrum(evals, 2 * n, n, 1, n, 0, Math.sqrt(evals[n - 1]), 0, EigenPath.PROVIDED);
            run("norms", n, () -> NormMetrics.of(spectrum, 2.5, 1e-6).entropy(), null);
            run("detX", n, () -> DetX.of(evals).detXVal(), null);
            double[] shuffled = MpSamples.mpEigenvalues(2, 1, n);
            run("randomized esd (incl. mp fit)", n,
                    () -> RandomizedEsd.of(evals, shuffled, shuffled, 2 * n, n).randDistance(), null);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    /** "mp": MP quantiles (Q = 2); "heavy": the same bulk with its top 10 % replaced by a Pareto α = 2.5 tail. */
    static double[] spectrum(String shape, int n) {
        double[] evals = MpSamples.mpEigenvalues(2, 1, n);
        if (shape.equals("heavy")) {
            int tail = n / 10;
            double start = evals[n - tail];
            for (int i = 0; i < tail; i++) {
                evals[n - tail + i] = start * Math.pow(1 - (i + 0.5) / tail, -1 / 1.5);
            }
            Arrays.sort(evals);
        }
        return evals;
    }

    private static double[] naiveKde(double[] data, double h, double[] grid) {
        double[] rho = new double[grid.length];
        for (int j = 0; j < grid.length; j++) {
            double s = 0;
            for (double d : data) {
                s += Math.max(0, 1 - Math.abs(grid[j] - d) / h);
            }
            rho[j] = s / (data.length * h);
        }
        return rho;
    }

    private static void run(String name, int n, java.util.function.DoubleSupplier kernel,
            java.util.function.DoubleSupplier baseline) {
        double median = median(kernel);
        if (baseline == null) {
            System.out.printf(Locale.ROOT, "%-34s %6d %12.3f%n", name, n, median);
        } else {
            double base = median(baseline);
            System.out.printf(Locale.ROOT, "%-34s %6d %12.3f %12.3f %7.1fx%n", name, n, median, base, base / median);
        }
    }

    /** Median of up to MAX_REPS timed runs after two warm-ups, within the time budget. */
    private static double median(java.util.function.DoubleSupplier kernel) {
        sink += kernel.getAsDouble();
        long warm = System.nanoTime();
        sink += kernel.getAsDouble();
        double once = (System.nanoTime() - warm) / 1e9;
        int reps = (int) Math.max(3, Math.min(MAX_REPS, BUDGET_SECONDS / Math.max(once, 1e-9)));
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            sink += kernel.getAsDouble();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
