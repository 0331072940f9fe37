package io.esdmon.formats;

import java.nio.file.Path;

/**
 * One tensor found in a weight file, known from the file's header before any data is read: either
 * a {@link LayerTensor} the engine can analyze, or an {@link UnsupportedTensor} that is listed with
 * the reason it is left out.
 */
public sealed interface TensorEntry permits LayerTensor, UnsupportedTensor {

    /** The file the tensor is stored in. */
    Path file();

    /** The layer name: the tensor name in a .safetensors file, the file stem for a .npy file. */
    String name();

    /** The shape as stored (PyTorch order). */
    long[] shape();

    /** The element type as the file spells it, for example {@code <f4} or {@code BF16}. */
    String dtype();
}
