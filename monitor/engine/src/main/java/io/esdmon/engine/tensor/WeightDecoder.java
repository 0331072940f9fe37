package io.esdmon.engine.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Turns the little-endian raw bytes of a weight tensor into {@link Weights}: float32 and float64
 * are read as they are, float16 and bfloat16 are widened exactly to float32. The result is
 * checked with {@link WeightChecks#requireFinite(Weights)}.
 */
public final class WeightDecoder {

    private WeightDecoder() {
    }

    /**
     * Decodes one tensor.
     *
     * @param layer  layer name, used in error messages
     * @param kind   layer kind (decides the expected rank of {@code shape})
     * @param shape  shape in PyTorch order
     * @param dtype  element type of {@code bytes}
     * @param bytes  the elements, little-endian, row-major; read from its position to its limit
     *               (the buffer's own position and byte order are left untouched)
     * @throws IllegalArgumentException if the byte count does not match the shape, a dimension is
     *                                  not positive, or a value is NaN or infinite
     */
    public static Weights decode(String layer, LayerKind kind, int[] shape, DType dtype, ByteBuffer bytes) {
        if (shape == null || dtype == null || bytes == null) {
            throw new IllegalArgumentException(layer + ": shape, dtype and bytes are required");
        }
        long count = elementCount(layer, shape);
        long expectedBytes = count * dtype.bytes();
        if (bytes.remaining() != expectedBytes) {
            throw new IllegalArgumentException(layer + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expectedBytes + " bytes (" + count + " × " + dtype.bytes() + ") but " + bytes.remaining()
                    + " were given; check the dtype and shape sent with the tensor");
        }
        Weights weights = new Weights(layer, kind, shape, decodeValues(dtype, bytes, (int) count));
        WeightChecks.requireFinite(weights);
        return weights;
    }

    private static long elementCount(String layer, int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(layer + ": every dimension must be positive, got shape "
                        + Arrays.toString(shape) + "; empty tensors have no spectrum");
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(layer + ": shape " + Arrays.toString(shape)
                        + " has more than 2^31 elements, which one Java array cannot hold; split the tensor");
            }
        }
        return count;
    }

    private static WeightValues decodeValues(DType dtype, ByteBuffer bytes, int count) {
        ByteBuffer le = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        return switch (dtype) {
            case F32 -> {
                float[] out = new float[count];
                le.asFloatBuffer().get(out);
                yield new WeightValues.F32(out);
            }
            case F64 -> {
                double[] out = new double[count];
                le.asDoubleBuffer().get(out);
                yield new WeightValues.F64(out);
            }
            case F16 -> {
                float[] out = new float[count];
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.float16ToFloat(le.getShort(2 * i));
                }
                yield new WeightValues.F32(out);
            }
            case BF16 -> {
                float[] out = new float[count];
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.bfloat16ToFloat(le.getShort(2 * i));
                }
                yield new WeightValues.F32(out);
            }
        };
    }
}
