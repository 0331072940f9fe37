package io.esdmon.engine.eigen;

/**
 * Eigenvalues rescaled so that their mean is 1, as WeightWatcher does before the MP fit and detX:
 * {@code wScale = √n / √Σλ} and {@code x = wScale² · λ}.
 *
 * @param wScale  the scale factor (WeightWatcher's W_scale)
 * @param values  the rescaled eigenvalues, in the input order
 */
public record MeanRescaled(double wScale, double[] values) {

    /** Rescales; the caller has checked the input with {@link AscendingEvals#require}. */
    public static MeanRescaled of(double[] evals) {
        double sum = PairwiseSum.of(evals);
        double wScale = Math.sqrt(evals.length) / Math.sqrt(sum);
        double factor = wScale * wScale;
        double[] x = new double[evals.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = factor * evals[i];
        }
        return new MeanRescaled(wScale, x);
    }

    /** Back to original units, {@code x / wScale²}, in the same floating-point steps as WeightWatcher. */
    public double original(double x) {
        return x / (wScale * wScale);
    }
}
