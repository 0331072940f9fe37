package io.esdmon.formats;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/** Widens float16 / bfloat16 elements to float32 with the engine's exact conversions. */
final class HalfDecoding {

    private HalfDecoding() {
    }

    /** Decodes every element remaining in {@code chunk} (in its byte order) into {@code out} from {@code first}. */
    static void widen(DType dtype, ByteBuffer chunk, float[] out, int first) {
        ShortBuffer bits = chunk.asShortBuffer();
        int n = bits.remaining();
        if (dtype == DType.BF16) {
            for (int i = 0; i < n; i++) {
                out[first + i] = HalfFloats.bfloat16ToFloat(bits.get(i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[first + i] = HalfFloats.float16ToFloat(bits.get(i));
            }
        }
    }
}
