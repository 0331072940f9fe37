package io.esdmon.formats;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): float16, float32 or float64
 * elements in either byte order, C or Fortran order. A 2-D array is a dense layer (out × in), a
 * 4-D array a conv2d layer (out, in, kh, kw); the layer is named after the file stem. Anything
 * else is rejected with a {@link WeightFormatException} saying why.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Far above any real header (NumPy itself refuses more than 10 000 bytes by default). */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private NpyReader() {
    }

    /** Reads the header of {@code file} and describes its array, named after the file stem. */
    public static LayerTensor open(Path file) throws IOException {
        return open(file, WeightFiles.stem(file));
    }

    /** Reads the header of {@code file} and describes its array under the given layer name. */
    public static LayerTensor open(Path file, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer preamble = FileBytes.read(channel, 0, (int) Math.min(12, fileSize), "header");
            byte[] magic = new byte[MAGIC.length];
            preamble.get(magic, 0, Math.min(MAGIC.length, preamble.remaining()));
            if (!Arrays.equals(magic, MAGIC)) {
                throw new WeightFormatException("not a NumPy .npy file (it does not start with \\x93NUMPY); "
                        + "save arrays with numpy.save");
            }
            if (fileSize < 12) {
                throw new WeightFormatException("truncated: " + fileSize + " bytes, too short for a .npy header");
            }
            int major = Byte.toUnsignedInt(preamble.get());
            int minor = Byte.toUnsignedInt(preamble.get());
            long headerLength;
            int headerStart;
            Charset charset;
            switch (major) {
                case 1 -> {
                    headerLength = Short.toUnsignedInt(preamble.order(ByteOrder.LITTLE_ENDIAN).getShort());
                    headerStart = 10;
                    charset = StandardCharsets.ISO_8859_1;
                }
                case 2, 3 -> {
                    headerLength = Integer.toUnsignedLong(preamble.order(ByteOrder.LITTLE_ENDIAN).getInt());
                    headerStart = 12;
                    charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
                }
                default -> throw new WeightFormatException("unsupported .npy format version " + major + "." + minor
                        + "; esdmon reads versions 1.0, 2.0 and 3.0");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new WeightFormatException("the .npy header claims " + headerLength
                        + " bytes, more than any real header; the file is corrupt");
            }
            ByteBuffer headerBytes = FileBytes.read(channel, headerStart, (int) headerLength, "header");
            String header = charset.decode(headerBytes).toString();
            return describe(file, name, header, headerStart + headerLength, fileSize);
        }
    }

    private static LayerTensor describe(Path file, String name, String header, long dataOffset, long fileSize)
            throws WeightFormatException {
        if (!(PythonLiteral.parse(header) instanceof Map<?, ?> dict)) {
            throw new WeightFormatException("malformed .npy header: expected a dictionary, got " + header.strip());
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (!(fortran instanceof Boolean fortranOrder) || !(shapeValue instanceof List<?> shapeList)
                || descr == null) {
            throw new WeightFormatException("malformed .npy header: it needs 'descr', 'fortran_order' and 'shape', got "
                    + header.strip());
        }
        if (!(descr instanceof String typeCode)) {
            throw new WeightFormatException("structured arrays (descr " + descr + ") are not weights; save a plain "
                    + "float array");
        }
        long[] shape = new long[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0) {
                throw new WeightFormatException("malformed .npy header: bad shape " + shapeList);
            }
            shape[i] = d;
        }
        DType dtype = dtype(typeCode);
        ByteOrder order = byteOrder(typeCode);
        int[] dims = Shapes.layerDims(shape);
        long bytes = Shapes.count(dims) * dtype.bytes();
        if (dataOffset + bytes > fileSize) {
            throw new WeightFormatException("truncated: shape " + Arrays.toString(shape) + " of " + typeCode
                    + " needs " + bytes + " data bytes but the file has " + Math.max(0, fileSize - dataOffset));
        }
        LayerKind kind = Shapes.kind(name, dims);
        return new LayerTensor(file, name, kind, dims, dtype,
                new LayerTensor.Storage(dataOffset, order, fortranOrder, typeCode));
    }

    private static DType dtype(String typeCode) throws WeightFormatException {
        String kind = typeCode.length() == 3 ? typeCode.substring(1) : "";
        return switch (kind) {
            case "f2" -> DType.F16;
            case "f4" -> DType.F32;
            case "f8" -> DType.F64;
            default -> throw new WeightFormatException("unsupported dtype '" + typeCode + "'; esdmon reads float16, "
                    + "float32 and float64 arrays (convert with array.astype(numpy.float32))");
        };
    }

    private static ByteOrder byteOrder(String typeCode) throws WeightFormatException {
        return switch (typeCode.charAt(0)) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new WeightFormatException("dtype '" + typeCode + "' has no byte order ('<', '>' or '=')");
        };
    }
}
