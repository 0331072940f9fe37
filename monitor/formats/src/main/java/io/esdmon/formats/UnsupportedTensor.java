package io.esdmon.formats;

import java.nio.file.Path;

/**
 * A tensor that is listed but not analyzed (a bias, a norm weight, an integer buffer, ...).
 *
 * @param reason  a sentence saying why it is left out
 */
public record UnsupportedTensor(Path file, String name, long[] shape, String dtype, String reason)
        implements TensorEntry {

    public UnsupportedTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
