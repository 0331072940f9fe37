package io.esdmon.formats;

import io.esdmon.engine.tensor.WeightValues;

/** Reorders column-major (NumPy {@code fortran_order: True}) elements into row-major order. */
final class FortranOrder {

    private FortranOrder() {
    }

    /** Receives one element move: source index in column-major order, target index in row-major order. */
    private interface Move {
        void apply(int from, int to);
    }

    static WeightValues toRowMajor(WeightValues values, int[] shape) {
        if (values instanceof WeightValues.F64 f64) {
            double[] in = f64.data();
            double[] out = new double[in.length];
            permute(shape, (from, to) -> out[to] = in[from]);
            return new WeightValues.F64(out);
        }
        float[] in = ((WeightValues.F32) values).data();
        float[] out = new float[in.length];
        permute(shape, (from, to) -> out[to] = in[from]);
        return new WeightValues.F32(out);
    }

    /** Walks the column-major order (first axis fastest) and tracks the row-major index alongside. */
    private static void permute(int[] shape, Move move) {
        int rank = shape.length;
        int[] rowMajorStride = new int[rank];
        int count = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            rowMajorStride[axis] = count;
            count *= shape[axis];
        }
        int[] index = new int[rank];
        int target = 0;
        for (int source = 0; source < count; source++) {
            move.apply(source, target);
            for (int axis = 0; axis < rank; axis++) {
                index[axis]++;
                target += rowMajorStride[axis];
                if (index[axis] < shape[axis]) {
                    break;
                }
                target -= rowMajorStride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
    }
}
