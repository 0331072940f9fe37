package io.esdmon.trainer;

/** A training set and a held-out test set of the same shape. */
public record DataSplit(Dataset train, Dataset test) {

    public DataSplit {
        if (train == null || test == null) {
            throw new IllegalArgumentException("both a training set and a test set are required");
        }
        if (train.numFeatures() != test.numFeatures() || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train and test sets differ in shape: " + train.numFeatures() + "/"
                    + train.numClasses() + " vs " + test.numFeatures() + "/" + test.numClasses()
                    + " features/classes");
        }
    }
}
