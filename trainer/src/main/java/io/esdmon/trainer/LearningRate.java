package io.esdmon.trainer;

/**
 * A learning rate and how it follows the batch size.
 *
 * <p>{@link Scaling#CONSTANT} (the default) keeps η fixed for every batch size, as in Martin &amp;
 * Mahoney's batch-size experiment: the SGD noise scale η/B then grows as the batch shrinks, which is
 * the effect the experiment looks at. {@link Scaling#LINEAR} (η·B/B_ref, Goyal et al.) and
 * {@link Scaling#SQRT} (η·√(B/B_ref)) hold that noise scale (roughly) fixed instead.
 *
 * @param base            η at the reference batch size
 * @param scaling         how η follows the batch size
 * @param referenceBatch  B_ref, the batch size at which η = base
 */
public record LearningRate(double base, Scaling scaling, int referenceBatch) {

    public LearningRate {
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + base);
        }
        if (scaling == null) {
            throw new IllegalArgumentException("learning-rate scaling is required (CONSTANT, LINEAR or SQRT)");
        }
        if (referenceBatch < 1) {
            throw new IllegalArgumentException("reference batch size must be >= 1, got " + referenceBatch);
        }
    }

    /** The same η for every batch size. */
    public static LearningRate constant(double lr) {
        return new LearningRate(lr, Scaling.CONSTANT, 1);
    }

    /** The rate used at batch size {@code batch}. */
    public double forBatch(int batch) {
        double ratio = (double) batch / referenceBatch;
        return switch (scaling) {
            case CONSTANT -> base;
            case LINEAR -> base * ratio;
            case SQRT -> base * Math.sqrt(ratio);
        };
    }

    /** Rules tying the learning rate to the batch size. */
    public enum Scaling {
        CONSTANT, LINEAR, SQRT
    }
}
