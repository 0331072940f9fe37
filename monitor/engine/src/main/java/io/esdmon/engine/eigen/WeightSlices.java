package io.esdmon.engine.eigen;

import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.nio.DoubleBuffer;

/**
 * Reads slice k of a layer (the whole matrix for dense layers, W[:, :, i, j] with k = i·kw + j
 * for conv2d) into a float64 buffer, row-major {@code rows × cols}, without copying the tensor.
 */
public final class WeightSlices {

    private final WeightValues values;
    private final LayerShape shape;

    public WeightSlices(Weights weights) {
        this.values = weights.values();
        this.shape = LayerShape.of(weights);
    }

    public LayerShape shape() {
        return shape;
    }

    /** Copies slice k into {@code dst[0 .. rows·cols)}, widening float32 to float64. */
    public void copySlice(int k, DoubleBuffer dst) {
        if (k < 0 || k >= shape.rf()) {
            throw new IndexOutOfBoundsException("slice " + k + " of " + shape.rf());
        }
        int len = shape.rows() * shape.cols();
        int stride = shape.rf();
        // element (o, i, kh, kw) of an (out, in, kh, kw) tensor sits at (o·in + i)·rf + k
        if (values instanceof WeightValues.F32 f) {
            float[] d = f.data();
            for (int i = 0; i < len; i++) {
                dst.put(i, d[i * stride + k]);
            }
        } else {
            double[] d = ((WeightValues.F64) values).data();
            for (int i = 0; i < len; i++) {
                dst.put(i, d[i * stride + k]);
            }
        }
    }
}
