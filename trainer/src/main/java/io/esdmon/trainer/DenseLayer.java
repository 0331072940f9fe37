package io.esdmon.trainer;

import io.esdmon.engine.tensor.Weights;
import java.util.SplittableRandom;

/**
 * A fully connected layer y = x·Wᵀ + b with its gradient buffers.
 *
 * <p>The weights are held <em>transposed</em>, as an in × out row-major array: every kernel then
 * runs its inner loop over a contiguous output row (an axpy or a dot product), and input entries
 * that are zero (ReLU outputs, blank pixels) skip a whole row.
 * {@link #toWeights()} hands out the PyTorch layout (out × in).
 *
 * <p>Batches are processed in tiles of {@link #ROW_TILE} samples so that one weight row is reused
 * from L1 cache for every sample of the tile.
 */
public final class DenseLayer {

    static final int ROW_TILE = 8;

    private final String name;
    private final int in;
    private final int out;
    private final float[] w;
    private final float[] b;
    private final float[] gradW;
    private final float[] gradB;

    /**
     * A layer initialised as PyTorch's {@code nn.Linear} does by default: weights and biases uniform
     * in ±1/√in.
     */
    public DenseLayer(String name, int in, int out, SplittableRandom rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": layer sizes must be positive, got " + in + " → " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.w = new float[in * out];
        this.b = new float[out];
        this.gradW = new float[in * out];
        this.gradB = new float[out];
        float bound = (float) (1.0 / Math.sqrt(in));
        // Draw in PyTorch's (out, in) order so the random stream maps to the same logical entries.
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[i * out + o] = uniform(rng, bound);
            }
        }
        for (int o = 0; o < out; o++) {
            b[o] = uniform(rng, bound);
        }
    }

    private static float uniform(SplittableRandom rng, float bound) {
        return (float) ((2 * rng.nextDouble() - 1) * bound);
    }

    public String name() {
        return name;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /** Number of trainable values (weights and biases). */
    public int parameterCount() {
        return w.length + b.length;
    }

    /** y[r] = x[r]·Wᵀ + b for the first {@code rows} rows of x (rows × in) into y (rows × out). */
    void forward(float[] x, float[] y, int rows) {
        for (int r0 = 0; r0 < rows; r0 += ROW_TILE) {
            int r1 = Math.min(rows, r0 + ROW_TILE);
            for (int r = r0; r < r1; r++) {
                System.arraycopy(b, 0, y, r * out, out);
            }
            for (int i = 0; i < in; i++) {
                int wRow = i * out;
                for (int r = r0; r < r1; r++) {
                    float s = x[r * in + i];
                    if (s != 0f) {
                        axpy(s, w, wRow, y, r * out, out);
                    }
                }
            }
        }
    }

    /**
     * Back-propagates dy (rows × out, the loss gradient at this layer's output): adds dL/dW and dL/db
     * to the gradient buffers and, when {@code dx} is not null, writes the gradient at this layer's
     * input <em>through the ReLU that produced x</em> (zero wherever x is zero).
     */
    void backward(float[] x, float[] dy, float[] dx, int rows) {
        for (int r = 0; r < rows; r++) {
            axpy(1f, dy, r * out, gradB, 0, out);
        }
        for (int r0 = 0; r0 < rows; r0 += ROW_TILE) {
            int r1 = Math.min(rows, r0 + ROW_TILE);
            for (int i = 0; i < in; i++) {
                int wRow = i * out;
                for (int r = r0; r < r1; r++) {
                    float s = x[r * in + i];
                    if (s != 0f) {
                        axpy(s, dy, r * out, gradW, wRow, out);
                    }
                    if (dx != null) {
                        dx[r * in + i] = s > 0f ? dot(dy, r * out, w, wRow, out) : 0f;
                    }
                }
            }
        }
    }

    private static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int k = 0; k < n; k++) {
            y[yOff + k] += a * x[xOff + k];
        }
    }

    /**
     * Dot product with eight independent partial sums: the JIT does not vectorize a float sum (it
     * must keep the order), so separate sums are what lets the additions overlap (1.6× over four
     * sums in a side-by-side run).
     */
    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int k = 0;
        for (; k + 7 < n; k += 8) {
            int p = aOff + k;
            int q = bOff + k;
            s0 += a[p] * b[q];
            s1 += a[p + 1] * b[q + 1];
            s2 += a[p + 2] * b[q + 2];
            s3 += a[p + 3] * b[q + 3];
            s4 += a[p + 4] * b[q + 4];
            s5 += a[p + 5] * b[q + 5];
            s6 += a[p + 6] * b[q + 6];
            s7 += a[p + 7] * b[q + 7];
        }
        for (; k < n; k++) {
            s0 += a[aOff + k] * b[bOff + k];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    float[] weightsInOut() {
        return w;
    }

    float[] bias() {
        return b;
    }

    float[] gradWeights() {
        return gradW;
    }

    float[] gradBias() {
        return gradB;
    }

    /** A copy of the weights in PyTorch layout (out × in, row-major) as engine {@link Weights}. */
    public Weights toWeights() {
        float[] t = new float[out * in];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                t[o * in + i] = w[i * out + o];
            }
        }
        return Weights.dense(name, out, in, t);
    }

    /** A copy of the biases. */
    public float[] biasCopy() {
        return b.clone();
    }
}
