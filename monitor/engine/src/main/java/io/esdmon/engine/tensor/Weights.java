package io.esdmon.engine.tensor;

import java.util.Arrays;

/**
 * One layer's weight tensor as handed to the engine: a name, a kind, a shape in PyTorch order
 * ((out, in) for dense, (out, in, kh, kw) for conv2d) and the values in row-major order.
 *
 * <p>The constructor checks that the shape is well formed and agrees with the number of values;
 * it throws {@link IllegalArgumentException} with a message that names the layer otherwise.
 */
public record Weights(String name, LayerKind kind, int[] shape, WeightValues values) {

    public Weights {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        if (kind == null || shape == null || values == null) {
            throw new IllegalArgumentException(name + ": kind, shape and values are required");
        }
        shape = shape.clone();
        int expectedRank = kind == LayerKind.CONV2D ? 4 : 2;
        if (shape.length != expectedRank) {
            throw new IllegalArgumentException(name + ": a " + kind + " layer needs a " + expectedRank
                    + "-D shape, got " + Arrays.toString(shape));
        }
        long count = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": every dimension must be positive, got shape "
                        + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != values.length()) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values but " + values.length() + " were given");
        }
    }

    /** Dense or embedding weights from a 2-D float array in row-major order. */
    public static Weights dense(String name, int rows, int cols, float[] data) {
        return new Weights(name, LayerKind.DENSE, new int[] {rows, cols}, new WeightValues.F32(data));
    }

    /** Dense or embedding weights from a 2-D double array in row-major order. */
    public static Weights dense(String name, int rows, int cols, double[] data) {
        return new Weights(name, LayerKind.DENSE, new int[] {rows, cols}, new WeightValues.F64(data));
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && name.equals(w.name) && kind == w.kind && Arrays.equals(shape, w.shape)
                && values.equals(w.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + kind.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Weights[" + name + ", " + kind + ", " + Arrays.toString(shape) + "]";
    }
}
