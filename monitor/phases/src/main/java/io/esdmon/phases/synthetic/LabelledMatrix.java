package io.esdmon.phases.synthetic;

import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.Phase;

/**
 * A synthetic weight matrix whose phase is known by construction.
 *
 * @param recipe  how it was made, with its parameters (for messages)
 * @param truth   the phase the construction puts it in
 * @param rows    rows (either orientation occurs)
 * @param cols    columns
 * @param data    row-major values
 */
public record LabelledMatrix(String recipe, Phase truth, int rows, int cols, double[] data) {

    public Weights toWeights() {
        return Weights.dense(recipe, rows, cols, data);
    }

    @Override
    public String toString() {
        return truth + " " + rows + "x" + cols + " " + recipe;
    }
}
