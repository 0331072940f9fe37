package io.esdmon.wire.snapshot;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** What a layer snapshot carries: a weight tensor or a spectrum, as the little-endian bytes that travel. */
public sealed interface LayerPayload {

    /** The payload bytes, little-endian; a read-only view from position 0. */
    ByteBuffer bytes();

    /**
     * A weight tensor.
     *
     * @param shape  PyTorch order: (out, in) or (out, in, kh, kw)
     * @param dtype  element type of {@code data}
     * @param data   product(shape) elements, little-endian, row-major
     */
    record Tensor(int[] shape, DType dtype, ByteBuffer data) implements LayerPayload {
        public Tensor {
            shape = shape.clone();
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            if (count * dtype.bytes() != data.remaining()) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                        + count * dtype.bytes() + " bytes, got " + data.remaining());
            }
            data = data.slice().asReadOnlyBuffer();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public ByteBuffer bytes() {
            return data.duplicate();
        }
    }

    /**
     * Eigenvalues λ = σ² computed by the trainer, pooled over rf slices of N×M.
     *
     * @param n      the larger dimension of one slice
     * @param m      the smaller dimension of one slice
     * @param rf     number of pooled slices
     * @param evals  m·rf eigenvalues, any order
     */
    record Spectrum(int n, int m, int rf, double[] evals) implements LayerPayload {
        public Spectrum {
            if (m < 1 || n < m || rf < 1 || evals.length != (long) m * rf) {
                throw new IllegalArgumentException("a spectrum needs 1 <= m <= n, rf >= 1 and m*rf eigenvalues; got n="
                        + n + ", m=" + m + ", rf=" + rf + " and " + evals.length + " eigenvalues");
            }
            evals = evals.clone();
        }

        @Override
        public double[] evals() {
            return evals.clone();
        }

        @Override
        public ByteBuffer bytes() {
            ByteBuffer b = ByteBuffer.allocate(8 * evals.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(evals);
            return b.asReadOnlyBuffer();
        }
    }

    /** The tensor payload of engine weights: float32 or float64 as stored. */
    static Tensor of(Weights w) {
        if (w.values() instanceof WeightValues.F32 f) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f.data());
            return new Tensor(w.shape(), DType.F32, b);
        }
        double[] d = ((WeightValues.F64) w.values()).data();
        ByteBuffer b = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(d);
        return new Tensor(w.shape(), DType.F64, b);
    }
}
