package io.esdmon.engine.randomize;

import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.SliceWorkspace;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.eigen.WeightSlices;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.Weights;
import java.util.Arrays;

/**
 * The spectra of a layer with its weights shuffled (WeightWatcher's {@code randomize}): every
 * entry of each (conv-scaled) slice is permuted, which keeps the element distribution and destroys
 * the correlations. Gram eigenvalues only: the randomized metrics use the bulk and the top of these
 * spectra, never their ranks.
 */
public final class ShuffledSpectra {

    /** Replicas pooled for small layers, whose single shuffled ESD would be too noisy. */
    static final int SMALL_LAYER_REPLICAS = 5;
    /** Layers with fewer pooled eigenvalues (num_components) than this get the replicas. */
    static final int SMALL_LAYER_EVALS = 100;

    private final EigenSolver solver;

    public ShuffledSpectra(EigenSolver solver) {
        this.solver = solver;
    }

    /**
     * The shuffled eigenvalues of one layer.
     *
     * @param randEvals      pooled replicas, ascending: 5 shuffles if M·rf &lt; 100, else 1
     * @param distanceEvals  one shuffle's eigenvalues (M·rf, ascending) for rand_distance and
     *                       ww_softrank: the first replica, or a fresh shuffle
     */
    public record Result(double[] randEvals, double[] distanceEvals) {
    }

    /** Shuffles deterministically from {@code seed} and the layer name. */
    public Result compute(Weights weights, ConvScaling scaling, RandomDistance distance, long seed) {
        WeightSlices slices = new WeightSlices(weights);
        LayerShape shape = slices.shape();
        double scale = SpectrumCalculator.evalScale(weights.kind(), scaling);
        int replicas = shape.numEvals() < SMALL_LAYER_EVALS ? SMALL_LAYER_REPLICAS : 1;
        try (SliceWorkspace ws = solver.workspace(shape.rows(), shape.cols())) {
            double[] randEvals = new double[replicas * shape.numEvals()];
            double[] first = null;
            for (int r = 0; r < replicas; r++) {
                double[] draw = shuffledEvals(ws, slices, scale, SplitMix64.forDraw(seed, weights.name(), r));
                System.arraycopy(draw, 0, randEvals, r * draw.length, draw.length);
                if (r == 0) {
                    first = draw;
                }
            }
            Arrays.sort(randEvals);
            double[] distanceEvals = distance == RandomDistance.FRESH_SHUFFLE
                    ? shuffledEvals(ws, slices, scale, SplitMix64.forDraw(seed, weights.name(), replicas))
                    : first;
            return new Result(randEvals, distanceEvals);
        }
    }

    private static double[] shuffledEvals(SliceWorkspace ws, WeightSlices slices, double scale, SplitMix64 rng) {
        LayerShape shape = slices.shape();
        int m = shape.m();
        double[] pooled = new double[shape.numEvals()];
        for (int k = 0; k < shape.rf(); k++) {
            ws.load(slices, k);
            Shuffle.permute(ws.values(), shape.rows() * shape.cols(), rng);
            double[] evals = ws.gramEigenvalues();
            for (int i = 0; i < m; i++) {
                // a shuffle can be rank-deficient (many zero weights); Gram round-off then leaves
                // eigenvalues of about −ε·λ_max where σ² = 0
                pooled[k * m + i] = Math.max(evals[i], 0) * scale;
            }
        }
        Arrays.sort(pooled);
        return pooled;
    }
}
