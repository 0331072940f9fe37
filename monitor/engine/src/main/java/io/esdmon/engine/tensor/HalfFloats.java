package io.esdmon.engine.tensor;

/**
 * Exact widening of the two 16-bit float formats to float32. Every float16 and bfloat16 value,
 * subnormals, signed zeros, infinities and NaN included, has an exact float32 counterpart.
 */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** IEEE 754 binary16 (1 sign, 5 exponent, 10 fraction bits) to float32. */
    public static float float16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        if (exponent == 0x1f) {
            // infinity (fraction 0) or NaN; the payload moves to the top of float32's fraction
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (fraction << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: fraction · 2^−24, exactly representable as a normal float32
            float magnitude = fraction * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // rebias the exponent from 15 to 127
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (fraction << 13));
    }

    /** bfloat16 (the top 16 bits of a float32) to float32. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
