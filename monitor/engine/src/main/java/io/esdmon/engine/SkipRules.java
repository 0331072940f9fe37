package io.esdmon.engine;

import io.esdmon.engine.SkippedLayer.SkipReason;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.LayerShape;
import java.util.Optional;

/**
 * WeightWatcher's layer size filters (pooled conv2d): skip when M·rf &lt; minEvals, M·rf &gt;
 * maxEvals or N &gt; maxN. Decided from the shape alone, before any data is decoded or any math runs.
 */
public final class SkipRules {

    private SkipRules() {
    }

    /** The skip verdict for a layer of this shape, or empty if it is to be analyzed. */
    public static Optional<SkippedLayer> check(String layer, LayerKind kind, LayerShape shape, AnalysisOptions options) {
        int evals = shape.numEvals();
        String count = "M·rf = " + shape.m() + "·" + shape.rf() + " = " + evals + " eigenvalues";
        if (evals < options.minEvals()) {
            return skip(layer, kind, shape, SkipReason.TOO_FEW_EVALS, count + " < minEvals = " + options.minEvals()
                    + ": too few for a spectral density; lower minEvals (WeightWatcher's min_evals) to analyze it");
        }
        if (evals > options.maxEvals()) {
            return skip(layer, kind, shape, SkipReason.TOO_MANY_EVALS, count + " > maxEvals = " + options.maxEvals()
                    + " (WeightWatcher's max_evals cost guard); raise maxEvals to analyze it");
        }
        if (shape.n() > options.maxN()) {
            return skip(layer, kind, shape, SkipReason.TOO_LARGE_N, "N = " + shape.n() + " > maxN = " + options.maxN()
                    + " (WeightWatcher's max_N); raise maxN to analyze it");
        }
        return Optional.empty();
    }

    private static Optional<SkippedLayer> skip(String layer, LayerKind kind, LayerShape shape, SkipReason reason,
            String detail) {
        return Optional.of(new SkippedLayer(layer, kind, shape.n(), shape.m(), shape.rf(), reason, detail));
    }
}
