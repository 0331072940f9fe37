package io.esdmon.formats;

import static io.esdmon.formats.NpyReaderTest.exactValues;
import static io.esdmon.formats.NpyReaderTest.toDoubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryFloatTypeInFileOrderAndListsTheRest() throws Exception {
        double[] embed = exactValues(6 * 4, 1);
        double[] q = exactValues(4 * 4, 2);
        double[] bias = exactValues(4, 3);
        double[] conv = exactValues(3 * 2 * 3 * 3, 4);
        double[] head = exactValues(5 * 4, 5);
        Path file = new TestFiles.Safetensors()
                .tensor("model.embed_tokens.weight", "BF16", new int[] {6, 4}, embed)
                .tensor("layers.0.q_proj.weight", "F16", new int[] {4, 4}, q)
                .tensor("layers.0.q_proj.bias", "F32", new int[] {4}, bias)
                .tensor("conv.weight", "F64", new int[] {3, 2, 3, 3}, conv)
                .tensor("position_ids", "I64", new int[] {2, 3}, new double[6])
                .tensor("lm_head.weight", "F32", new int[] {5, 4}, head)
                .metadata("{\"format\": \"pt\"}")
                .write(dir.resolve("model.safetensors"));

        List<TensorEntry> entries = SafetensorsReader.open(file);

        assertEquals(List.of("model.embed_tokens.weight", "layers.0.q_proj.weight", "layers.0.q_proj.bias",
                "conv.weight", "position_ids", "lm_head.weight"), entries.stream().map(TensorEntry::name).toList());
        assertLayer(entries.get(0), LayerKind.EMBEDDING, DType.BF16, new int[] {6, 4}, embed);
        assertLayer(entries.get(1), LayerKind.DENSE, DType.F16, new int[] {4, 4}, q);
        assertLayer(entries.get(3), LayerKind.CONV2D, DType.F64, new int[] {3, 2, 3, 3}, conv);
        assertLayer(entries.get(5), LayerKind.DENSE, DType.F32, new int[] {5, 4}, head);
        UnsupportedTensor biasEntry = assertInstanceOf(UnsupportedTensor.class, entries.get(2));
        assertTrue(biasEntry.reason().contains("1-D vector"), biasEntry.reason());
        assertArrayEquals(new long[] {4}, biasEntry.shape());
        UnsupportedTensor ids = assertInstanceOf(UnsupportedTensor.class, entries.get(4));
        assertTrue(ids.reason().contains("dtype I64 is not a weight type"), ids.reason());
        assertEquals("I64", ids.dtype());
    }

    @Test
    void keepsDoublePrecisionForF64() throws Exception {
        double[] values = {Math.PI, Math.E, 1e-300, -1.0 / 3};
        Path file = new TestFiles.Safetensors().tensor("w", "F64", new int[] {2, 2}, values)
                .write(dir.resolve("f64.safetensors"));
        Weights w = ((LayerTensor) SafetensorsReader.open(file).get(0)).read();
        assertInstanceOf(WeightValues.F64.class, w.values());
        assertArrayEquals(values, toDoubles(w.values()));
    }

    @Test
    void widensHalfPrecisionBitPatternsExactly() throws Exception {
        short[] f16 = {0x3C00, (short) 0xC000, 0x0001, 0x7BFF}; // 1, -2, smallest subnormal 2^-24, largest 65504
        short[] bf16 = {0x3F80, (short) 0xC000, 0x0001, 0x7F7F}; // 1, -2, smallest subnormal 2^-133, ~3.39e38
        ByteBuffer a = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            a.putShort(f16[i]);
            b.putShort(bf16[i]);
        }
        Path file = new TestFiles.Safetensors().raw("h", "F16", new int[] {2, 2}, a.array())
                .raw("b", "BF16", new int[] {2, 2}, b.array()).write(dir.resolve("half.safetensors"));
        List<TensorEntry> entries = SafetensorsReader.open(file);
        assertArrayEquals(new double[] {1, -2, 0x1p-24, 65504}, toDoubles(((LayerTensor) entries.get(0)).read()
                .values()));
        assertArrayEquals(new double[] {1, -2, 0x1p-133, 0x1.FEp127}, toDoubles(((LayerTensor) entries.get(1)).read()
                .values()));
    }

    @Test
    void rejectsNonFiniteWeightsWhenRead() throws Exception {
        Path file = new TestFiles.Safetensors()
                .tensor("w", "F32", new int[] {2, 3}, new double[] {0, 1, 2, Double.NaN, 4, Double.POSITIVE_INFINITY})
                .write(dir.resolve("nan.safetensors"));
        LayerTensor tensor = (LayerTensor) SafetensorsReader.open(file).get(0);
        WeightFormatException e = assertThrows(WeightFormatException.class, tensor::read);
        assertTrue(e.getMessage().contains("2 of 6 weights are not finite"), e.getMessage());
    }

    @Test
    void listsScalarsHigherRanksAndEmptyTensorsWithReasons() throws Exception {
        Path file = new TestFiles.Safetensors()
                .tensor("scale", "F32", new int[] {}, new double[1])
                .tensor("conv1d.weight", "F32", new int[] {2, 2, 3}, new double[12])
                .tensor("empty.weight", "F32", new int[] {0, 3}, new double[0])
                .write(dir.resolve("odd.safetensors"));
        List<String> reasons = SafetensorsReader.open(file).stream()
                .map(e -> assertInstanceOf(UnsupportedTensor.class, e).reason()).toList();
        assertTrue(reasons.get(0).startsWith("a scalar"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("a 3-D tensor [2, 2, 3]"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("empty (shape [0, 3])"), reasons.get(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "[1, 2]#corrupt header: expected a JSON object",
        "{\"w\": {\"dtype\": #corrupt header: not valid JSON",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 32]}}#outside the 16 data bytes",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [8, 4]}}#data_offsets [8, 4]",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 16]}}#needs 24 bytes",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, -2], \"data_offsets\": [0, 16]}}#bad shape value -2",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2.5], \"data_offsets\": [0, 16]}}#bad shape value 2.5",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2]}}#needs \"dtype\", \"shape\" and \"data_offsets\"",
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 16]}}"
                + "#needs more than 2^63 bytes",
        "{\"w\": [1, 2, 3]}#needs \"dtype\""})
    void rejectsCorruptHeaders(String header, String message) throws Exception {
        Path file = TestFiles.Safetensors.write(dir.resolve("bad.safetensors"), header, new byte[16]);
        assertMessage(file, message);
    }

    @Test
    void rejectsImpossibleHeaderLengthsWithoutAllocatingThem() throws Exception {
        for (long claimed : new long[] {Long.MAX_VALUE, -1L, 1L << 40, 200L << 20}) {
            ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed);
            assertMessage(Files.write(dir.resolve("len.safetensors"), bytes.array()), "the header length field says "
                    + Long.toUnsignedString(claimed) + " bytes but the file has 56");
        }
        assertMessage(Files.write(dir.resolve("short.safetensors"), new byte[5]), "too short");
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        Path file = new TestFiles.Safetensors().tensor("a", "F32", new int[] {4, 4}, new double[16])
                .tensor("b", "F32", new int[] {4, 4}, new double[16]).write(dir.resolve("t.safetensors"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertMessage(file, "outside the 118 data bytes");
        Files.write(file, Arrays.copyOf(bytes, 30));
        assertMessage(file, "the header length field says");
    }

    private static void assertLayer(TensorEntry entry, LayerKind kind, DType dtype, int[] dims, double[] values)
            throws Exception {
        LayerTensor tensor = assertInstanceOf(LayerTensor.class, entry);
        assertEquals(kind, tensor.kind());
        assertEquals(dtype, tensor.elementType());
        assertEquals(dtype.name(), tensor.dtype());
        assertArrayEquals(dims, tensor.dims());
        Weights w = tensor.read();
        assertEquals(tensor.name(), w.name());
        assertArrayEquals(dims, w.shape());
        assertArrayEquals(values, toDoubles(w.values()), tensor.name());
    }

    private static void assertMessage(Path file, String expected) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
