package io.esdmon.engine;

import io.esdmon.engine.tensor.LayerKind;

/**
 * A layer the engine did not analyze, with the WeightWatcher rule that excluded it.
 *
 * @param n       larger dimension of one slice
 * @param m       smaller dimension of one slice
 * @param rf      number of slices (kh·kw for conv2d)
 * @param reason  which rule applied
 * @param detail  a sentence for people, naming the numbers and the option that changes the limit
 */
public record SkippedLayer(String layer, LayerKind kind, int n, int m, int rf, SkipReason reason, String detail)
        implements LayerResult {

    public enum SkipReason {
        /** M·rf &lt; min_evals: too few eigenvalues for a meaningful ESD. */
        TOO_FEW_EVALS,
        /** M·rf &gt; max_evals: too many eigenvalues (WeightWatcher's default cost guard). */
        TOO_MANY_EVALS,
        /** N &gt; max_N. */
        TOO_LARGE_N
    }
}
