package io.esdmon.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NpyReaderTest {

    @TempDir
    Path dir;

    /** Files written by NumPy 1.24 (numpy.lib.format.write_array); element i is i/4 − 1.5. */
    @ParameterizedTest
    @CsvSource({
        "c_lt_f4_v1, <f4, F32, 3;4",
        "c_be_f4_v2, >f4, F32, 3;4",
        "c_lt_f8_v3, <f8, F64, 3;4",
        "c_be_f8_v1, >f8, F64, 3;4",
        "c_lt_f2_v1, <f2, F16, 3;4",
        "c_be_f2_v3, >f2, F16, 3;4",
        "fortran_lt_f4_v1, <f4, F32, 3;4",
        "fortran_be_f8_v2, >f8, F64, 2;3;2;2",
        "conv_lt_f4_v1, <f4, F32, 4;3;2;2"})
    void readsFilesWrittenByNumpy(String stem, String typeCode, DType dtype, String shape) throws Exception {
        LayerTensor tensor = NpyReader.open(fixture(stem + ".npy"));
        int[] dims = Arrays.stream(shape.split(";")).mapToInt(Integer::parseInt).toArray();
        assertEquals(stem, tensor.name());
        assertEquals(typeCode, tensor.dtype());
        assertEquals(dtype, tensor.elementType());
        assertArrayEquals(dims, tensor.dims());
        assertEquals(dims.length == 4 ? LayerKind.CONV2D : LayerKind.DENSE, tensor.kind());
        Weights w = tensor.read();
        assertEquals(dtype == DType.F64 ? WeightValues.F64.class : WeightValues.F32.class, w.values().getClass());
        for (int i = 0; i < w.values().length(); i++) {
            assertEquals(i * 0.25 - 1.5, w.values().get(i), 0.0, "element " + i);
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(1, 2, 3).flatMap(version -> Stream.of("<", ">").flatMap(order -> Stream.of("f2", "f4", "f8")
                .flatMap(kind -> Stream.of(false, true).flatMap(fortran -> Stream.of(new int[] {7, 5},
                        new int[] {3, 2, 4, 5}).map(shape -> Arguments.of(version, order + kind, fortran, shape))))));
    }

    @ParameterizedTest(name = "v{0} {1} fortran={2} {3}")
    @MethodSource("layouts")
    void roundTripsEveryVersionTypeByteOrderAndLayout(int version, String typeCode, boolean fortran, int[] shape)
            throws Exception {
        double[] values = exactValues(Arrays.stream(shape).reduce(1, Math::multiplyExact), 42);
        Path file = TestFiles.npy(dir.resolve("layer.npy"), version, typeCode, fortran, shape, values);
        Weights w = NpyReader.open(file).read();
        assertEquals("layer", w.name());
        assertArrayEquals(shape, w.shape());
        assertArrayEquals(values, toDoubles(w.values()));
    }

    @Test
    void readsTensorsLargerThanOneReadChunk() throws Exception {
        int rows = 1100;
        int cols = 1000; // 4.4 MB of float32, more than the 4 MiB read buffer
        double[] values = exactValues(rows * cols, 7);
        for (String typeCode : new String[] {">f4", "<f2"}) {
            Path file = TestFiles.npy(dir.resolve("big.npy"), 1, typeCode, false, new int[] {rows, cols}, values);
            assertArrayEquals(values, toDoubles(NpyReader.open(file).read().values()), typeCode);
        }
    }

    @Test
    void namesEmbeddingTablesByStem() throws Exception {
        Path file = TestFiles.npy(dir.resolve("embed_tokens.npy"), 1, "<f4", false, new int[] {4, 3}, new double[12]);
        assertEquals(LayerKind.EMBEDDING, NpyReader.open(file).kind());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "int32.npy|unsupported dtype '<i4'",
        "vector.npy|1-D vector",
        "cube.npy|3-D tensor [2, 2, 2]"})
    void rejectsOtherTypesAndRanks(String name, String message) throws Exception {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> NpyReader.open(fixture(name)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsEmptyArrays() throws Exception {
        Path file = TestFiles.npy(dir.resolve("empty.npy"), 1, "<f4", false, new int[] {0, 5}, new double[0]);
        assertMessage(file, "empty (shape [0, 5])");
    }

    @Test
    void rejectsTruncatedData() throws Exception {
        Path file = TestFiles.npy(dir.resolve("t.npy"), 1, "<f4", false, new int[] {3, 4}, new double[12]);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        assertMessage(file, "truncated: shape [3, 4] of <f4 needs 48 data bytes but the file has 47");
        Files.write(file, Arrays.copyOf(bytes, 40));
        assertMessage(file, "truncated");
        Files.write(file, Arrays.copyOf(bytes, 7));
        assertMessage(file, "too short for a .npy header");
    }

    @Test
    void reportsAFileTruncatedAfterItsHeaderWasRead() throws Exception {
        Path file = TestFiles.npy(dir.resolve("t.npy"), 1, "<f4", false, new int[] {3, 4}, new double[12]);
        LayerTensor tensor = NpyReader.open(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 8));
        WeightFormatException e = assertThrows(WeightFormatException.class, tensor::read);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsFilesThatAreNotNpy() throws Exception {
        assertMessage(Files.writeString(dir.resolve("x.npy"), "hello, this is text"), "not a NumPy .npy file");
        assertMessage(Files.write(dir.resolve("e.npy"), new byte[0]), "not a NumPy .npy file");
    }

    @Test
    void rejectsUnknownVersionsAndHugeHeaders() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("c_lt_f4_v1.npy"));
        bytes[6] = 4;
        assertMessage(Files.write(dir.resolve("v4.npy"), bytes), "unsupported .npy format version 4.0");
        ByteBuffer huge = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        huge.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(-1);
        assertMessage(Files.write(dir.resolve("huge.npy"), huge.array()), "the .npy header claims 4294967295 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4) #malformed .npy header (expected ',' or '}'",
        "{'descr': '<f4', 'shape': (3, 4), }#it needs 'descr', 'fortran_order' and 'shape'",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }#structured arrays",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -4), }#bad shape [3, -4]",
        "{'descr': 'f4', 'fortran_order': False, 'shape': (3, 4), }#unsupported dtype 'f4'",
        "{'descr': '|f4', 'fortran_order': False, 'shape': (3, 4), }#has no byte order",
        "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3, 4), }#unexpected 'M'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 4), }#not an integer"})
    void rejectsMalformedHeaders(String dict, String message) throws Exception {
        byte[] header = (dict + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 48).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        assertMessage(Files.write(dir.resolve("bad.npy"), out.array()), message);
    }

    @Test
    void acceptsPython2LongSuffixesInShapes() throws Exception {
        byte[] header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        assertArrayEquals(new int[] {2, 3}, NpyReader.open(Files.write(dir.resolve("py2.npy"), out.array())).dims());
    }

    private static void assertMessage(Path file, String expected) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> NpyReader.open(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyReaderTest.class.getResource("/npy/" + name).toURI());
    }

    /** Random values that float16, bfloat16 and float32 all hold exactly: k/64 with |k| < 256. */
    static double[] exactValues(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextInt(511) - 255) / 64.0;
        }
        return values;
    }

    static double[] toDoubles(WeightValues values) {
        double[] out = new double[values.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
