package io.esdmon.trainer;

import java.util.SplittableRandom;

/**
 * Synthetic classification data of any size: Gaussian inputs labelled by a random "teacher"
 * network (a random linear map followed by argmax over a random ReLU feature layer). The labels are
 * a deterministic function of the inputs, so a large enough student MLP can learn them.
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    /**
     * {@code size} samples with {@code numFeatures} standard-normal inputs and labels in
     * 0..numClasses−1 from a teacher with {@code teacherHidden} ReLU units, all drawn from {@code seed}.
     */
    public static Dataset teacher(int size, int numFeatures, int numClasses, int teacherHidden, long seed) {
        if (size < 1 || numFeatures < 1 || numClasses < 2 || teacherHidden < 1) {
            throw new IllegalArgumentException("need size >= 1, numFeatures >= 1, numClasses >= 2 and teacherHidden"
                    + " >= 1, got " + size + ", " + numFeatures + ", " + numClasses + ", " + teacherHidden);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w1 = gaussian(rng, teacherHidden * numFeatures, 1.0 / Math.sqrt(numFeatures));
        double[] w2 = gaussian(rng, numClasses * teacherHidden, 1.0 / Math.sqrt(teacherHidden));
        float[] x = new float[size * numFeatures];
        int[] y = new int[size];
        double[] h = new double[teacherHidden];
        for (int s = 0; s < size; s++) {
            int base = s * numFeatures;
            for (int j = 0; j < numFeatures; j++) {
                x[base + j] = (float) nextGaussian(rng);
            }
            for (int k = 0; k < teacherHidden; k++) {
                double a = 0;
                for (int j = 0; j < numFeatures; j++) {
                    a += w1[k * numFeatures + j] * x[base + j];
                }
                h[k] = Math.max(0, a);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                double score = 0;
                for (int k = 0; k < teacherHidden; k++) {
                    score += w2[c * teacherHidden + k] * h[k];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            y[s] = best;
        }
        return new Dataset("synthetic-teacher-" + numFeatures + "x" + numClasses, x, y, numFeatures, numClasses);
    }

    private static double[] gaussian(SplittableRandom rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * nextGaussian(rng);
        }
        return v;
    }

    /** Box–Muller, written out so that the stream is fixed by the seed alone (SplittableRandom has none in Java 17). */
    private static double nextGaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
