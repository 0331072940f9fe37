package io.esdmon.engine.mp;

import io.esdmon.engine.eigen.AscendingEvals;
import io.esdmon.engine.eigen.MeanRescaled;
import io.esdmon.engine.powerlaw.FitStatus;
import java.util.Optional;

/**
 * Fits the Marchenko–Pastur bulk of an ESD exactly as WeightWatcher 0.7.5.5's {@code mp_fit}:
 * <ol>
 * <li>rescale the eigenvalues to mean 1 ({@link MeanRescaled});</li>
 * <li>fit σ of the MP law (or, when Q == 1, of the quarter-circle law of the singular values √x)
 * to a triangular KDE of the data ({@link EsdResidual}) by grid search and Nelder–Mead polish
 * ({@link SigmaSearch});</li>
 * <li>derive λ±, the Tracy–Widom margin, the spike count and mp_softrank in rescaled units, and
 * report the bulk edges in original units.</li>
 * </ol>
 */
public final class MpFitter {

    private MpFitter() {
    }

    /**
     * @param evalsAscending  the eigenvalues, ascending (all of them: none are thresholded)
     * @param n               N, the larger dimension of one slice
     * @param m               M, the smaller dimension of one slice; Q = N/M. WeightWatcher passes
     *                        N &lt; M for conv layers with an even number of slices and out &lt; in;
     *                        that Q &lt; 1 is accepted for parity
     * @return the fit, or {@link MpFit#failed()} when the spectrum cannot be fitted (all
     *         eigenvalues zero, or no KDE point above the density threshold)
     */
    public static MpFit fit(double[] evalsAscending, int n, int m) {
        Optional<Problem> problem = Problem.of(evalsAscending, n, m);
        if (problem.isEmpty()) {
            return MpFit.failed();
        }
        Problem p = problem.get();
        SigmaTrace trace = p.search();
        double sigma = trace.sigma();
        double[] x = p.rescaled().values();
        double lambdaMax = x[x.length - 1];
        double lambdaPlus = MarchenkoPastur.lambdaPlus(sigma, p.q());
        double lambdaMinus = MarchenkoPastur.lambdaMinus(sigma, p.q());
        if (!Double.isFinite(lambdaPlus)) {
            return MpFit.failed();
        }
        double tw = TracyWidom.margin(lambdaPlus, p.q(), m);
        double spikeThreshold = lambdaPlus + Math.sqrt(tw);
        int numSpikes = 0;
        for (int i = x.length - 1; i >= 0 && x[i] > spikeThreshold; i--) {
            numSpikes++;
        }
        return new MpFit(sigma, trace.gridSigma(), p.rescaled().original(lambdaMinus),
                p.rescaled().original(lambdaPlus), numSpikes, lambdaPlus / lambdaMax, p.rescaled().wScale(), tw,
                FitStatus.SUCCESS);
    }

    /** The σ search alone, with the grid optimum and the objective values (for diagnostics). */
    public static Optional<SigmaTrace> trace(double[] evalsAscending, int n, int m) {
        return Problem.of(evalsAscending, n, m).map(Problem::search);
    }

    /** A validated, rescaled fitting problem with its objective. */
    private record Problem(MeanRescaled rescaled, double q, EsdResidual residual) {

        static Optional<Problem> of(double[] evals, int n, int m) {
            AscendingEvals.require(evals, "evals");
            if (n < 1 || m < 1) {
                throw new IllegalArgumentException("matrix dimensions must be >= 1, got N=" + n + ", M=" + m);
            }
            MeanRescaled rescaled = MeanRescaled.of(evals);
            if (!(Double.isFinite(rescaled.wScale()) && rescaled.wScale() > 0)) {
                return Optional.empty();
            }
            double q = (double) n / m;
            boolean quarterCircle = q == 1.0;
            double[] data = rescaled.values();
            if (quarterCircle) {
                double[] roots = new double[data.length];
                for (int i = 0; i < roots.length; i++) {
                    roots[i] = Math.sqrt(data[i]);
                }
                data = roots;
            }
            EsdResidual residual = EsdResidual.of(data, q, quarterCircle);
            // nothing to fit; WeightWatcher raises here for Q != 1 (max of an empty array)
            return residual.isEmpty() ? Optional.empty() : Optional.of(new Problem(rescaled, q, residual));
        }

        SigmaTrace search() {
            double[] x = rescaled.values();
            return SigmaSearch.run(residual::sumOfSquares, MarchenkoPastur.sigmaForEdge(x[x.length - 1], q));
        }
    }
}
