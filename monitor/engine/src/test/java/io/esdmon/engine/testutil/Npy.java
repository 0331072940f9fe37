package io.esdmon.engine.testutil;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightDecoder;
import io.esdmon.engine.tensor.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal test-only reader of little-endian, C-order float32/float64 NumPy .npy files (v1–v3). */
public final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=])(f[48])'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** One of the reference matrices by name, e.g. {@code gauss_500x500}; the layer takes that name. */
    public static Weights referenceMatrix(String name) {
        return read("reference/matrices/" + name + ".npy", name);
    }

    /** Reads a matrix from the test class path, e.g. {@code reference/matrices/gauss_500x500.npy}. */
    public static Weights read(String resource, String layer) {
        try (InputStream in = Npy.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return parse(in.readAllBytes(), layer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Weights parse(byte[] file, String layer) {
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if ((buf.get(0) & 0xff) != 0x93 || !new String(file, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException("not a .npy file");
        }
        int major = file[6];
        int headerLen = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(file, start, headerLen, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException("Fortran-order .npy files are not supported");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IllegalArgumentException("unsupported .npy header " + header);
        }
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        DType dtype = d.group(2).equals("f4") ? DType.F32 : DType.F64;
        ByteBuffer data = ByteBuffer.wrap(file, start + headerLen, file.length - start - headerLen);
        return WeightDecoder.decode(layer, LayerKind.forRank(shape.length), shape, dtype, data);
    }
}
