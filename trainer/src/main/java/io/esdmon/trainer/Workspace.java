package io.esdmon.trainer;

/**
 * Preallocated per-batch buffers of one {@link Mlp}: the activations of every layer, the loss
 * gradient at every layer's output and the batch's labels, so training allocates nothing per sample.
 * A workspace belongs to one thread.
 */
public final class Workspace {

    final int capacity;
    /** acts[0] is the input batch, acts[k + 1] the (ReLU'd, except the last) output of layer k. */
    final float[][] acts;
    /** deltas[k] is dLoss/d acts[k] for k ≥ 1 (deltas[0] stays null: inputs need no gradient). */
    final float[][] deltas;
    final int[] labels;

    Workspace(int[] sizes, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a workspace needs room for at least one sample, got " + capacity);
        }
        this.capacity = capacity;
        this.acts = new float[sizes.length][];
        this.deltas = new float[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            acts[k] = new float[capacity * sizes[k]];
            if (k > 0) {
                deltas[k] = new float[capacity * sizes[k]];
            }
        }
        this.labels = new int[capacity];
    }

    /** Copies samples order[start .. start+rows) of the data set into the input batch. */
    void load(Dataset data, int[] order, int start, int rows) {
        if (rows > capacity) {
            throw new IllegalArgumentException("batch of " + rows + " exceeds workspace capacity " + capacity);
        }
        int d = data.numFeatures();
        for (int r = 0; r < rows; r++) {
            int s = order[start + r];
            System.arraycopy(data.features(), s * d, acts[0], r * d, d);
            labels[r] = data.labels()[s];
        }
    }

    /** Copies the contiguous samples start .. start+rows of the data set into the input batch. */
    void loadRange(Dataset data, int start, int rows) {
        if (rows > capacity) {
            throw new IllegalArgumentException("batch of " + rows + " exceeds workspace capacity " + capacity);
        }
        int d = data.numFeatures();
        System.arraycopy(data.features(), start * d, acts[0], 0, rows * d);
        System.arraycopy(data.labels(), start, labels, 0, rows);
    }
}
