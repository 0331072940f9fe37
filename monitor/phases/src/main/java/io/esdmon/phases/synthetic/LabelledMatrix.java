package io.esdmon.phases.synthetic;

import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.Phase;

/**
 * A synthetic weight matrix whose phase is known by construction.
 *
 * @param recipe     how it was made
 * @param name       the recipe with its parameters (for messages)
 * @param truth      the phase the construction puts it in
 * @param decidable  whether an ESD of this size can show that phase (a weak spike inside the edge's
 *                   Tracy–Widom fluctuation cannot); calibration scores only decidable matrices
 * @param rows       rows (either orientation occurs)
 * @param cols       columns
 * @param data       row-major values
 */
public record LabelledMatrix(Recipe recipe, String name, Phase truth, boolean decidable, int rows, int cols,
        double[] data) {

    public Weights toWeights() {
        return Weights.dense(name, rows, cols, data);
    }

    @Override
    public String toString() {
        return truth + " " + rows + "x" + cols + " " + name + (decidable ? "" : " (not decidable at this size)");
    }
}
