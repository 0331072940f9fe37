package io.esdmon.trainer;

import java.util.SplittableRandom;

/**
 * A labelled classification data set held in memory: {@code size} samples of {@code numFeatures}
 * floats each (row-major in {@code features}) and one class index per sample.
 *
 * <p>Arrays are not copied: a data set is built once and then only read.
 */
public record Dataset(String name, float[] features, int[] labels, int numFeatures, int numClasses) {

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a data set needs a name");
        }
        if (features == null || labels == null) {
            throw new IllegalArgumentException(name + ": features and labels are required");
        }
        if (numFeatures < 1 || numClasses < 2) {
            throw new IllegalArgumentException(name + ": need numFeatures >= 1 and numClasses >= 2, got "
                    + numFeatures + " and " + numClasses);
        }
        if (labels.length == 0 || (long) labels.length * numFeatures != features.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + labels.length
                    + " × " + numFeatures + " features, got " + features.length + " values");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** The samples at the given indices, in that order, as a new data set. */
    public Dataset subset(String subsetName, int[] indices) {
        float[] x = new float[indices.length * numFeatures];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IllegalArgumentException(name + ": sample index " + i + " is outside 0.." + (size() - 1));
            }
            System.arraycopy(features, i * numFeatures, x, k * numFeatures, numFeatures);
            y[k] = labels[i];
        }
        return new Dataset(subsetName, x, y, numFeatures, numClasses);
    }

    /**
     * A seeded random split into a training set and a test set of {@code testSize} samples, so that
     * every run with the same seed sees the same split.
     */
    public DataSplit split(int testSize, long seed) {
        if (testSize < 1 || testSize >= size()) {
            throw new IllegalArgumentException(name + ": test size must be in 1.." + (size() - 1) + ", got "
                    + testSize);
        }
        int[] order = Shuffle.identity(size());
        Shuffle.inPlace(order, new SplittableRandom(seed));
        int[] test = java.util.Arrays.copyOfRange(order, 0, testSize);
        int[] train = java.util.Arrays.copyOfRange(order, testSize, size());
        return new DataSplit(subset(name + "-train", train), subset(name + "-test", test));
    }
}
