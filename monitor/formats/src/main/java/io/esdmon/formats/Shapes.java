package io.esdmon.formats;

import io.esdmon.engine.tensor.LayerKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which stored shapes are layers the engine analyzes, and what kind. */
final class Shapes {

    /** Largest element count of one layer: Java arrays hold at most about 2^31 elements. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Tensor names of embedding tables (HF "embed_tokens", "word_embeddings"; GPT-2 "wte", "wpe"). */
    private static final Pattern EMBEDDING_NAME = Pattern.compile("embed|(^|[._])(wte|wpe)([._]|$)");

    private Shapes() {
    }

    /** Why a tensor of this shape is not analyzed, or empty when it is a 2-D or 4-D layer. */
    static Optional<String> unsupportedReason(long[] shape) {
        String dims = Arrays.toString(shape);
        if (shape.length != 2 && shape.length != 4) {
            String what = switch (shape.length) {
                case 0 -> "a scalar";
                case 1 -> "a 1-D vector (a bias or norm weight)";
                default -> "a " + shape.length + "-D tensor " + dims;
            };
            return Optional.of(what + "; esdmon analyzes 2-D (dense: out, in) and 4-D (conv2d: out, in, kh, kw) "
                    + "weights");
        }
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return Optional.of("empty (shape " + dims + ")");
        }
        long count = count(shape);
        if (count > MAX_ELEMENTS) {
            return Optional.of("shape " + dims + " has " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                    + " elements, more than the " + MAX_ELEMENTS + " esdmon holds for one layer");
        }
        return Optional.empty();
    }

    /** The shape as int dimensions, or the reason it is not a layer. */
    static int[] layerDims(long[] shape) throws WeightFormatException {
        Optional<String> reason = unsupportedReason(shape);
        if (reason.isPresent()) {
            throw new WeightFormatException(reason.get());
        }
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** Number of elements; Long.MAX_VALUE when that overflows (a corrupt header). */
    static long count(long[] shape) {
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    static long count(int[] dims) {
        return count(Arrays.stream(dims).asLongStream().toArray());
    }

    /** Conv2d for 4-D; embedding for 2-D tensors named like an embedding table; dense otherwise. */
    static LayerKind kind(String name, int[] dims) {
        if (dims.length == 4) {
            return LayerKind.CONV2D;
        }
        return EMBEDDING_NAME.matcher(name.toLowerCase(Locale.ROOT)).find() ? LayerKind.EMBEDDING : LayerKind.DENSE;
    }
}
