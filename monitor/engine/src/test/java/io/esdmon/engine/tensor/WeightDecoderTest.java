package io.esdmon.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WeightDecoderTest {

    private static ByteBuffer bytes(int... b) {
        ByteBuffer buf = ByteBuffer.allocate(b.length);
        for (int x : b) {
            buf.put((byte) x);
        }
        return buf.flip();
    }

    @Test
    void float32IsReadLittleEndian() {
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000
        Weights w = WeightDecoder.decode("fc", LayerKind.DENSE, new int[] {1, 2}, DType.F32,
                bytes(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0));
        assertArrayEquals(new float[] {1.0f, -2.5f}, ((WeightValues.F32) w.values()).data());
    }

    @Test
    void float64IsReadLittleEndian() {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(Math.PI).putDouble(-1e-300);
        Weights w = WeightDecoder.decode("fc", LayerKind.DENSE, new int[] {2, 1}, DType.F64, buf.flip());
        assertArrayEquals(new double[] {Math.PI, -1e-300}, ((WeightValues.F64) w.values()).data());
    }

    @Test
    void halfTypesAreWidenedToFloat32() {
        // f16 1.0 = 0x3C00, smallest subnormal 0x0001; bf16 -3.140625 = 0xC049, 1.0 = 0x3F80
        Weights h = WeightDecoder.decode("h", LayerKind.DENSE, new int[] {1, 2}, DType.F16, bytes(0x00, 0x3C, 0x01, 0x00));
        assertArrayEquals(new float[] {1.0f, 0x1p-24f}, ((WeightValues.F32) h.values()).data());
        Weights b = WeightDecoder.decode("b", LayerKind.DENSE, new int[] {2, 1}, DType.BF16, bytes(0x49, 0xC0, 0x80, 0x3F));
        assertArrayEquals(new float[] {-3.140625f, 1.0f}, ((WeightValues.F32) b.values()).data());
    }

    @Test
    void readsFromPositionAndLeavesTheBufferAlone() {
        ByteBuffer buf = bytes(0xFF, 0x00, 0x3C).order(ByteOrder.BIG_ENDIAN);
        buf.position(1);
        Weights w = WeightDecoder.decode("fc", LayerKind.DENSE, new int[] {1, 1}, DType.F16, buf);
        assertEquals(1.0, w.values().get(0));
        assertEquals(1, buf.position());
        assertEquals(ByteOrder.BIG_ENDIAN, buf.order());
    }

    @Test
    void conv2dNeedsFourDimensions() {
        ByteBuffer buf = ByteBuffer.allocate(4 * 16);
        Weights w = WeightDecoder.decode("conv", LayerKind.CONV2D, new int[] {2, 2, 2, 2}, DType.F32, buf);
        assertInstanceOf(WeightValues.F32.class, w.values());
        var e = assertThrows(IllegalArgumentException.class,
                () -> WeightDecoder.decode("conv", LayerKind.CONV2D, new int[] {4, 4}, DType.F32, buf));
        assertTrue(e.getMessage().contains("conv") && e.getMessage().contains("4-D"), e.getMessage());
    }

    @Test
    void byteCountMismatchIsRejectedWithTheNumbers() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WeightDecoder.decode("fc1", LayerKind.DENSE, new int[] {3, 2}, DType.F16, ByteBuffer.allocate(10)));
        assertTrue(e.getMessage().startsWith("fc1:"), e.getMessage());
        assertTrue(e.getMessage().contains("12 bytes") && e.getMessage().contains("10 were given"), e.getMessage());
    }

    @Test
    void zeroSizeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WeightDecoder.decode("emb", LayerKind.EMBEDDING, new int[] {0, 8}, DType.F32, ByteBuffer.allocate(0)));
        assertTrue(e.getMessage().contains("emb") && e.getMessage().contains("positive"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreCountedAndTheFirstIsLocated() {
        // 2×3 f16: [1, 1, +inf; 1, NaN, 1]
        ByteBuffer buf = bytes(0x00, 0x3C, 0x00, 0x3C, 0x00, 0x7C, 0x00, 0x3C, 0x00, 0x7E, 0x00, 0x3C);
        var e = assertThrows(IllegalArgumentException.class,
                () -> WeightDecoder.decode("fc2", LayerKind.DENSE, new int[] {2, 3}, DType.F16, buf));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("fc2: 2 of 6 weights are not finite"), msg);
        assertTrue(msg.contains("Infinity at index 2 [0, 2]"), msg);
    }

    @Test
    void directWeightsAreCheckedToo() {
        Weights w = Weights.dense("d", 2, 2, new double[] {0, 1, Double.NaN, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> WeightChecks.requireFinite(w));
        assertTrue(e.getMessage().contains("d: 1 of 4") && e.getMessage().contains("[1, 0]"), e.getMessage());
    }
}
