package io.esdmon.engine.eigen;

import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.Weights;
import java.util.Arrays;

/**
 * The ESD of a layer: for each slice the Gram eigenvalues (cheap), or the squared singular
 * values where {@link GramResolution} says the Gram route cannot resolve the rank; pooled over
 * slices, conv-scaled, sorted. Float32 weights are widened to float64 before any arithmetic.
 *
 * <p>Conv2d: the kh·kw slices W[:, :, i, j] (out × in, each transposed to tall as needed) are
 * pooled into one ESD of M·rf eigenvalues. With {@link ConvScaling#WEIGHTWATCHER} the eigenvalues
 * are halved (WeightWatcher multiplies each slice by √(1/2)). WeightWatcher 0.7.5.5 swaps N and M
 * once per slice, so with an even number of slices and out &lt; in it reports N &lt; M; that bug is
 * not reproduced here: N is always the larger dimension.
 */
public final class SpectrumCalculator {

    private final EigenSolver solver;

    public SpectrumCalculator(EigenSolver solver) {
        this.solver = solver;
    }

    /** The factor applied to the eigenvalues of a layer of this kind. */
    public static double evalScale(LayerKind kind, ConvScaling scaling) {
        return kind == LayerKind.CONV2D && scaling == ConvScaling.WEIGHTWATCHER ? 0.5 : 1.0;
    }

    /**
     * Computes the spectrum of a layer.
     *
     * @param weakRankTolerance the absolute weak-rank tolerance, so eigenvalues near it are resolved exactly
     */
    public Spectrum compute(Weights weights, ConvScaling scaling, double weakRankTolerance) {
        WeightSlices slices = new WeightSlices(weights);
        LayerShape shape = slices.shape();
        int m = shape.m();
        int n = shape.n();
        double scale = evalScale(weights.kind(), scaling);
        double[] pooled = new double[shape.numEvals()];
        double svMax = 0;
        double svMin = 0;
        int rankLoss = 0;
        EigenPath path;
        try (SliceWorkspace ws = solver.workspace(shape.rows(), shape.cols())) {
            path = ws.gramPath();
            for (int k = 0; k < shape.rf(); k++) {
                ws.load(slices, k);
                double[] evals = ws.gramEigenvalues();
                if (!GramResolution.resolves(evals, weakRankTolerance / scale)) {
                    evals = squares(ws.singularValues());
                    path = ws.svdPath();
                }
                double[] sigmas = new double[m];
                for (int i = 0; i < m; i++) {
                    evals[i] *= scale;
                    sigmas[i] = Math.sqrt(Math.max(evals[i], 0));
                }
                System.arraycopy(evals, 0, pooled, k * m, m);
                svMax = Math.max(svMax, sigmas[m - 1]);
                svMin = Math.max(svMin, sigmas[0]);
                rankLoss += m - HardRank.ofSingularValues(sigmas, n);
            }
        }
        Arrays.sort(pooled);
        return new Spectrum(pooled, n, m, shape.rf(), HardRank.ofEigenvalues(pooled, n), rankLoss, svMax, svMin,
                path);
    }

    private static double[] squares(double[] sigmas) {
        for (int i = 0; i < sigmas.length; i++) {
            sigmas[i] *= sigmas[i];
        }
        return sigmas;
    }

    /**
     * A spectrum computed elsewhere (by the trainer), taken as the pooled, scaled eigenvalues of
     * an N×M layer with rf slices. Ranks are computed from these λ: the per-slice split is unknown,
     * so rank_loss is M·rf − matrix_rank (one σ_max for all slices) and sv_min is the smallest σ
     * overall (a lower bound of WeightWatcher's per-slice value when rf &gt; 1). Negative values down
     * to −1e−3·λ_max are rounding noise of the sender's eigensolver and become 0.
     *
     * @throws IllegalArgumentException if the sizes disagree, a value is not finite, or a value is
     *                                  clearly negative (not the spectrum of a Gram matrix)
     */
    public static Spectrum provided(String layer, double[] evals, int n, int m, int rf) {
        if (evals == null || m < 1 || n < m || rf < 1) {
            throw new IllegalArgumentException(layer + ": need evals and 1 <= M <= N, rf >= 1; got N=" + n + ", M=" + m
                    + ", rf=" + rf);
        }
        if (evals.length != (long) m * rf) {
            throw new IllegalArgumentException(layer + ": expected M·rf = " + m + "·" + rf + " = " + (long) m * rf
                    + " eigenvalues, got " + evals.length + "; send all pooled eigenvalues of the layer");
        }
        double[] sorted = evals.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (!Double.isFinite(sorted[i])) {
                throw new IllegalArgumentException(layer + ": eigenvalues must be finite, got " + sorted[i]);
            }
        }
        double lambdaMax = sorted[sorted.length - 1];
        if (sorted[0] < -1e-3 * Math.abs(lambdaMax) || lambdaMax < 0) {
            throw new IllegalArgumentException(layer + ": eigenvalue " + sorted[0] + " is negative beyond rounding "
                    + "(λ_max = " + lambdaMax + "); send λ = σ² of the weights, the eigenvalues of WᵀW");
        }
        for (int i = 0; i < sorted.length && sorted[i] < 0; i++) {
            sorted[i] = 0;
        }
        int rank = HardRank.ofEigenvalues(sorted, n);
        return new Spectrum(sorted, n, m, rf, rank, m * rf - rank, Math.sqrt(lambdaMax), Math.sqrt(sorted[0]),
                EigenPath.PROVIDED);
    }
}
