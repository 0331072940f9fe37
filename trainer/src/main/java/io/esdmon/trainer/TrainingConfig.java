package io.esdmon.trainer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines one training run. Two runs with equal configs and data produce
 * bit-identical weights.
 *
 * @param runId          name of the run in snapshots (e.g. {@code digits-bs8})
 * @param layerSizes     widths from input to classes, e.g. {64, 256, 128, 10}
 * @param batchSize      samples per SGD step (the last batch of an epoch may be smaller)
 * @param learningRate   η and its batch-size rule
 * @param momentum       heavy-ball momentum μ in [0, 1); 0 is plain SGD
 * @param weightDecay    L2 coefficient λ ≥ 0 added to the gradient
 * @param epochs         passes over the training set
 * @param seed           seeds the initial weights and the sample order
 * @param snapshotEvery  publish a snapshot every this many steps (0: only at the start and the end)
 * @param tags           extra tags copied into every snapshot
 */
public record TrainingConfig(String runId, int[] layerSizes, int batchSize, LearningRate learningRate,
        double momentum, double weightDecay, int epochs, long seed, int snapshotEvery, Map<String, String> tags) {

    public TrainingConfig {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be empty");
        }
        if (layerSizes == null || layerSizes.length < 2 || Arrays.stream(layerSizes).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException(runId + ": layerSizes needs >= 2 positive widths (input … classes), got "
                    + Arrays.toString(layerSizes));
        }
        layerSizes = layerSizes.clone();
        if (batchSize < 1) {
            throw new IllegalArgumentException(runId + ": batch size must be >= 1, got " + batchSize);
        }
        if (learningRate == null) {
            throw new IllegalArgumentException(runId + ": a learning rate is required");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(runId + ": momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(runId + ": weight decay must be >= 0, got " + weightDecay);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException(runId + ": epochs must be >= 0, got " + epochs);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException(runId + ": snapshotEvery must be >= 0 (0 = start and end only), got "
                    + snapshotEvery);
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /**
     * A digits run: the given hidden widths between the 64 pixels and 10 classes, constant
     * learning rate, no momentum, no weight decay, seed 501, no intermediate snapshots.
     */
    public static TrainingConfig digits(String runId, int batchSize, double lr, int epochs, int... hidden) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = DigitsData.FEATURES;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 10;
        return new TrainingConfig(runId, sizes, batchSize, LearningRate.constant(lr), 0, 0, epochs, 501L, 0, Map.of());
    }

    @Override
    public int[] layerSizes() {
        return layerSizes.clone();
    }

    /** η at this run's batch size. */
    public double effectiveLearningRate() {
        return learningRate.forBatch(batchSize);
    }

    public TrainingConfig withRunId(String v) {
        return new TrainingConfig(v, layerSizes, batchSize, learningRate, momentum, weightDecay, epochs, seed,
                snapshotEvery, tags);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(runId, layerSizes, v, learningRate, momentum, weightDecay, epochs, seed,
                snapshotEvery, tags);
    }

    public TrainingConfig withLearningRate(LearningRate v) {
        return new TrainingConfig(runId, layerSizes, batchSize, v, momentum, weightDecay, epochs, seed, snapshotEvery,
                tags);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, v, weightDecay, epochs, seed,
                snapshotEvery, tags);
    }

    public TrainingConfig withWeightDecay(double v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, momentum, v, epochs, seed, snapshotEvery,
                tags);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, momentum, weightDecay, v, seed,
                snapshotEvery, tags);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, momentum, weightDecay, epochs, v,
                snapshotEvery, tags);
    }

    public TrainingConfig withSnapshotEvery(int v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, momentum, weightDecay, epochs, seed, v,
                tags);
    }

    public TrainingConfig withTags(Map<String, String> v) {
        return new TrainingConfig(runId, layerSizes, batchSize, learningRate, momentum, weightDecay, epochs, seed,
                snapshotEvery, v);
    }

    /** The tags every snapshot of this run carries: the hyper-parameters, then {@link #tags()}. */
    Map<String, String> snapshotTags(String model, String dataset) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("model", model);
        t.put("dataset", dataset);
        t.put("batch_size", Integer.toString(batchSize));
        t.put("learning_rate", Double.toString(effectiveLearningRate()));
        t.put("lr_scaling", learningRate.scaling().name().toLowerCase(java.util.Locale.ROOT));
        t.put("momentum", Double.toString(momentum));
        t.put("weight_decay", Double.toString(weightDecay));
        t.put("seed", Long.toString(seed));
        t.putAll(tags);
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && runId.equals(c.runId) && Arrays.equals(layerSizes, c.layerSizes)
                && batchSize == c.batchSize && learningRate.equals(c.learningRate) && momentum == c.momentum
                && weightDecay == c.weightDecay && epochs == c.epochs && seed == c.seed
                && snapshotEvery == c.snapshotEvery && tags.equals(c.tags);
    }

    @Override
    public int hashCode() {
        return 31 * runId.hashCode() + Arrays.hashCode(layerSizes) + batchSize;
    }

    @Override
    public String toString() {
        return "TrainingConfig[" + runId + ", " + Arrays.toString(layerSizes) + ", batch " + batchSize + ", lr "
                + effectiveLearningRate() + ", momentum " + momentum + ", wd " + weightDecay + ", " + epochs
                + " epochs, seed " + seed + "]";
    }
}
