package io.esdmon.engine.tensor;

/**
 * The elements of a weight tensor in row-major (C) order. Half-precision inputs are widened to
 * {@link F32} when decoded, so the engine only ever sees these two forms.
 */
public sealed interface WeightValues {

    int length();

    double get(int index);

    /** float32 storage (also the widened form of float16 and bfloat16). */
    record F32(float[] data) implements WeightValues {
        public int length() {
            return data.length;
        }

        public double get(int index) {
            return data[index];
        }
    }

    /** float64 storage. */
    record F64(double[] data) implements WeightValues {
        public int length() {
            return data.length;
        }

        public double get(int index) {
            return data[index];
        }
    }
}
