package io.esdmon.engine.tensor;

import java.util.Arrays;

/** Value checks a weight tensor must pass before any spectral math. */
public final class WeightChecks {

    private WeightChecks() {
    }

    /**
     * Rejects tensors holding NaN or ±Inf: one such value poisons every eigenvalue.
     *
     * @throws IllegalArgumentException naming the layer, how many values are bad, and the first
     *                                  one's flat index and multi-index
     */
    public static void requireFinite(Weights weights) {
        WeightValues values = weights.values();
        int bad = 0;
        int first = -1;
        int n = values.length();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values.get(i))) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(weights.name() + ": " + bad + " of " + n
                    + " weights are not finite (NaN or ±Inf); the first is " + values.get(first) + " at index "
                    + first + " " + Arrays.toString(multiIndex(first, weights.shape()))
                    + ". Fix the weights upstream (a diverged step?) or drop this snapshot");
        }
    }

    static int[] multiIndex(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
