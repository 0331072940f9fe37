package io.esdmon.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Writes .npy and .safetensors files for tests (here and in other modules), independently of the readers. */
public final class TestFiles {

    private TestFiles() {
    }

    /**
     * Writes a .npy file.
     *
     * @param values   the elements in row-major (C) order; written in Fortran order if asked
     * @param typeCode NumPy descr, for example {@code >f2}
     */
    public static Path npy(Path file, int version, String typeCode, boolean fortran, int[] shape, double[] values)
            throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        String dict = "{'descr': '" + typeCode + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + dims + "), }";
        int preamble = version == 1 ? 10 : 12;
        int padded = ((preamble + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(padded - preamble - dict.length() - 1) + "\n";
        ByteBuffer head = ByteBuffer.allocate(preamble).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            head.putShort((short) header.length());
        } else {
            head.putInt(header.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.array());
        out.write(header.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        ByteOrder order = typeCode.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        out.write(encode(fortran ? columnMajor(values, shape) : values, typeCode.substring(1), order));
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Elements in the byte layout of a NumPy kind ("f2", "f4", "f8", "i4") or safetensors dtype. */
    public static byte[] encode(double[] values, String type, ByteOrder order) {
        int size = switch (type) {
            case "f2", "F16", "BF16" -> 2;
            case "f4", "F32", "i4", "I32" -> 4;
            default -> 8;
        };
        ByteBuffer buf = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            switch (type) {
                case "f2", "F16" -> buf.putShort(float16Bits((float) v));
                case "BF16" -> buf.putShort(bfloat16Bits((float) v));
                case "f4", "F32" -> buf.putFloat((float) v);
                case "i4", "I32" -> buf.putInt((int) v);
                case "i8", "I64" -> buf.putLong((long) v);
                default -> buf.putDouble(v);
            }
        }
        return buf.array();
    }

    /** IEEE binary16 bits of a value that float16 holds exactly (normal numbers and zero only). */
    static short float16Bits(float v) {
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        if ((bits & 0x7fffffff) == 0) {
            return (short) sign;
        }
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exponent <= 0 || exponent >= 31 || (mantissa & 0x1fff) != 0) {
            throw new IllegalArgumentException(v + " is not exactly a normal float16");
        }
        return (short) (sign | exponent << 10 | mantissa >>> 13);
    }

    /** bfloat16 bits of a value that bfloat16 holds exactly. */
    static short bfloat16Bits(float v) {
        int bits = Float.floatToIntBits(v);
        if ((bits & 0xffff) != 0) {
            throw new IllegalArgumentException(v + " is not exactly a bfloat16");
        }
        return (short) (bits >>> 16);
    }

    /** Row-major values rearranged into column-major (first axis fastest) order. */
    static double[] columnMajor(double[] rowMajor, int[] shape) {
        double[] out = new double[rowMajor.length];
        int[] index = new int[shape.length];
        for (int c = 0; c < rowMajor.length; c++) {
            int rest = c;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                index[axis] = rest % shape[axis];
                rest /= shape[axis];
            }
            int f = 0;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                f = f * shape[axis] + index[axis];
            }
            out[f] = rowMajor[c];
        }
        return out;
    }

    /** Builds a .safetensors file; tensors are laid out in the order added. */
    public static final class Safetensors {
        private final List<String> entries = new ArrayList<>();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private String metadata;

        public Safetensors tensor(String name, String dtype, int[] shape, double[] values) {
            return raw(name, dtype, shape, encode(values, dtype, ByteOrder.LITTLE_ENDIAN));
        }

        /** A tensor with the given bytes, whatever its declared dtype and shape. */
        public Safetensors raw(String name, String dtype, int[] shape, byte[] bytes) {
            long begin = data.size();
            data.writeBytes(bytes);
            entries.add(0, "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + Arrays.toString(shape)
                    + ", \"data_offsets\": [" + begin + ", " + data.size() + "]}");
            return this;
        }

        public Safetensors metadata(String json) {
            metadata = json;
            return this;
        }

        /** The header JSON; entries are listed in reverse order of their data, to test sorting by offset. */
        String header() {
            List<String> all = new ArrayList<>(entries);
            if (metadata != null) {
                all.add(0, "\"__metadata__\": " + metadata);
            }
            return "{" + String.join(", ", all) + "}";
        }

        public Path write(Path file) throws IOException {
            return write(file, header(), data.toByteArray());
        }

        public static Path write(Path file, String header, byte[] data) throws IOException {
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(json.length).put(json).put(data);
            Files.write(file, out.array());
            return file;
        }
    }
}
