package io.esdmon.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    private static float f16(int bits) {
        return HalfFloats.float16ToFloat((short) bits);
    }

    private static float bf16(int bits) {
        return HalfFloats.bfloat16ToFloat((short) bits);
    }

    @Test
    void float16KnownBitPatterns() {
        assertEquals(1.0f, f16(0x3C00));
        assertEquals(-2.0f, f16(0xC000));
        assertEquals(65504.0f, f16(0x7BFF)); // largest finite
        assertEquals(0x1p-14f, f16(0x0400)); // smallest normal
        assertEquals(0x1p-24f, f16(0x0001)); // smallest subnormal
        assertEquals(-0x1p-24f, f16(0x8001));
        assertEquals(1023 * 0x1p-24f, f16(0x03FF)); // largest subnormal
        assertEquals(0.333251953125f, f16(0x3555));
        assertEquals(Float.POSITIVE_INFINITY, f16(0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, f16(0xFC00));
        assertTrue(Float.isNaN(f16(0x7E00)));
        assertTrue(Float.isNaN(f16(0xFC01)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(f16(0x8000)));
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(f16(0x0000)));
    }

    @Test
    void float16MatchesTheDefinitionForEveryFiniteBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int e = (bits >>> 10) & 0x1f;
            if (e == 0x1f) {
                continue;
            }
            int f = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            double expected = e == 0 ? sign * f * Math.pow(2, -24) : sign * (1 + f / 1024.0) * Math.pow(2, e - 15);
            String hex = Integer.toHexString(bits);
            assertEquals(expected, f16(bits), 0.0, () -> "bits 0x" + hex);
        }
    }

    @Test
    void bfloat16KnownBitPatterns() {
        assertEquals(1.0f, bf16(0x3F80));
        assertEquals(-3.140625f, bf16(0xC049));
        assertEquals(Float.intBitsToFloat(0x7F7F0000), bf16(0x7F7F)); // largest finite, 3.3895314e38
        assertEquals(3.3895314e38f, bf16(0x7F7F));
        assertEquals(0x1p-133f, bf16(0x0001)); // smallest subnormal
        assertEquals(Float.POSITIVE_INFINITY, bf16(0x7F80));
        assertEquals(Float.NEGATIVE_INFINITY, bf16(0xFF80));
        assertTrue(Float.isNaN(bf16(0x7FC0)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(bf16(0x8000)));
    }
}
