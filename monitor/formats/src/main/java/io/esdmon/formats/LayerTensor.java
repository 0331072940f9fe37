package io.esdmon.formats;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightChecks;
import io.esdmon.engine.tensor.Weights;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A 2-D or 4-D floating-point tensor whose header has been read and checked against the file
 * size; {@link #read()} loads its data into engine {@link Weights}. Nothing is held open between
 * calls, so a file with many tensors is read one tensor at a time.
 *
 * @param dims     the shape (out, in) or (out, in, kh, kw)
 * @param elementType  the element type the values are decoded from
 * @param storage  where and how the elements are laid out in the file
 */
public record LayerTensor(Path file, String name, LayerKind kind, int[] dims, DType elementType, Storage storage)
        implements TensorEntry {

    /**
     * Where a tensor's elements are in its file.
     *
     * @param offset        byte offset of the first element
     * @param order         byte order of each element
     * @param fortranOrder  true when the elements are stored column-major (NumPy fortran_order)
     * @param label         the element type as the file spells it
     */
    public record Storage(long offset, ByteOrder order, boolean fortranOrder, String label) {
    }

    public LayerTensor {
        dims = dims.clone();
    }

    /** Number of elements. */
    public int count() {
        return Math.toIntExact(Arrays.stream(dims).asLongStream().reduce(1, Math::multiplyExact));
    }

    @Override
    public long[] shape() {
        return Arrays.stream(dims).asLongStream().toArray();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public String dtype() {
        return storage.label();
    }

    /**
     * Reads the elements and returns them in row-major order as engine weights.
     *
     * @throws WeightFormatException when a value is NaN or infinite, or the file changed or was truncated
     *                               since its header was read
     * @throws IOException           when the file cannot be read
     */
    public Weights read() throws IOException {
        Weights weights = new Weights(name, kind, dims, ElementReader.read(this));
        try {
            WeightChecks.requireFinite(weights);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(e.getMessage(), e);
        }
        return weights;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerTensor t && file.equals(t.file) && name.equals(t.name) && kind == t.kind
                && Arrays.equals(dims, t.dims) && elementType == t.elementType && storage.equals(t.storage);
    }

    @Override
    public int hashCode() {
        return 31 * file.hashCode() + name.hashCode();
    }

    @Override
    public String toString() {
        return "LayerTensor[" + name + ", " + kind + ", " + Arrays.toString(dims) + ", " + storage.label() + "]";
    }
}
