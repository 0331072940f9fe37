package io.esdmon.engine.tensor;

import java.util.Arrays;

/**
 * How a weight tensor is cut into the matrices whose spectra are pooled: one {@code rows × cols}
 * matrix for dense and embedding layers, {@code rf = kh·kw} matrices W[:, :, i, j] of
 * {@code out × in} for conv2d. Known from the shape alone, so size limits are decided before any
 * math.
 *
 * @param rows  rows of one slice as stored (out)
 * @param cols  columns of one slice as stored (in)
 * @param rf    number of slices (receptive field kh·kw; 1 for dense)
 */
public record LayerShape(int rows, int cols, int rf) {

    public LayerShape {
        if (rows < 1 || cols < 1 || rf < 1) {
            throw new IllegalArgumentException("rows, cols and rf must be positive, got " + rows + ", " + cols + ", " + rf);
        }
    }

    /** The slicing of a tensor of the given kind and PyTorch shape. */
    public static LayerShape of(LayerKind kind, int[] shape) {
        int expectedRank = kind == LayerKind.CONV2D ? 4 : 2;
        if (shape.length != expectedRank) {
            throw new IllegalArgumentException("a " + kind + " layer needs a " + expectedRank + "-D shape, got "
                    + Arrays.toString(shape));
        }
        return new LayerShape(shape[0], shape[1], kind == LayerKind.CONV2D ? shape[2] * shape[3] : 1);
    }

    public static LayerShape of(Weights weights) {
        return of(weights.kind(), weights.shape());
    }

    /** N, the larger dimension of one slice. */
    public int n() {
        return Math.max(rows, cols);
    }

    /** M, the smaller dimension of one slice: the size of the Gram matrix. */
    public int m() {
        return Math.min(rows, cols);
    }

    /** M·rf, the number of pooled eigenvalues (WeightWatcher's num_components). */
    public int numEvals() {
        return m() * rf;
    }
}
