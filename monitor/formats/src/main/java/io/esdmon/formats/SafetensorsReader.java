package io.esdmon.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esdmon.engine.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the header of a {@code .safetensors} file: an 8-byte little-endian header length, a JSON
 * header mapping tensor names to dtype, shape and data offsets, then the raw little-endian data.
 * Every 2-D and 4-D tensor of type F32, F16, BF16 or F64 becomes a {@link LayerTensor}; all other
 * tensors are listed as {@link UnsupportedTensor} with the reason. Entries come in file order (by
 * data offset). Offsets and lengths are checked against the file size before anything is read.
 */
public final class SafetensorsReader {

    /** The limit the reference implementation puts on the header. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Element sizes of the safetensors dtypes, used to check data lengths. Sub-byte types are absent. */
    private static final Map<String, Integer> ELEMENT_BYTES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
            Map.entry("I8", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E8M0", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I32", 4),
            Map.entry("U32", 4), Map.entry("F32", 4), Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8),
            Map.entry("C64", 8));

    private SafetensorsReader() {
    }

    /** Reads and checks the header; no tensor data is read. */
    public static List<TensorEntry> open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new WeightFormatException("truncated: " + fileSize + " bytes, too short for a .safetensors "
                        + "header");
            }
            long headerLength = FileBytes.read(channel, 0, 8, "header").order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > fileSize - 8 || headerLength > MAX_HEADER_BYTES) {
                throw new WeightFormatException("the header length field says " + Long.toUnsignedString(headerLength)
                        + " bytes but the file has " + (fileSize - 8) + " after it; this is not a .safetensors file "
                        + "or it is corrupt");
            }
            JsonNode header = parse(FileBytes.read(channel, 8, (int) headerLength, "header"));
            long dataStart = 8 + headerLength;
            return entries(file, header, dataStart, fileSize - dataStart);
        }
    }

    private static JsonNode parse(ByteBuffer bytes) throws WeightFormatException {
        try {
            JsonNode header = JSON.readTree(bytes.array());
            if (header == null || !header.isObject()) {
                throw new WeightFormatException("corrupt header: expected a JSON object");
            }
            return header;
        } catch (JsonProcessingException e) {
            throw new WeightFormatException("corrupt header: not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new WeightFormatException("corrupt header: " + e.getMessage(), e);
        }
    }

    /** A checked header entry with its data range, sortable by offset. */
    private record Located(TensorEntry entry, long begin) {
    }

    private static List<TensorEntry> entries(Path file, JsonNode header, long dataStart, long dataBytes)
            throws WeightFormatException {
        List<Located> located = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (!field.getKey().equals("__metadata__")) {
                located.add(entry(file, field.getKey(), field.getValue(), dataStart, dataBytes));
            }
        }
        located.sort(Comparator.comparingLong(Located::begin));
        return located.stream().map(Located::entry).toList();
    }

    private static Located entry(Path file, String name, JsonNode info, long dataStart, long dataBytes)
            throws WeightFormatException {
        JsonNode dtypeNode = info.path("dtype");
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!dtypeNode.isTextual() || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new WeightFormatException("corrupt header: tensor '" + name + "' needs \"dtype\", \"shape\" and "
                    + "\"data_offsets\" [begin, end], got " + info);
        }
        String dtype = dtypeNode.asText();
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(shapeNode.get(i), name, "shape");
        }
        long begin = nonNegativeLong(offsets.get(0), name, "data_offsets");
        long end = nonNegativeLong(offsets.get(1), name, "data_offsets");
        if (begin > end || end > dataBytes) {
            throw new WeightFormatException("corrupt header: tensor '" + name + "' has data_offsets [" + begin + ", "
                    + end + "] outside the " + dataBytes + " data bytes of the file (truncated or corrupt)");
        }
        Integer elementBytes = ELEMENT_BYTES.get(dtype);
        long count = Shapes.count(shape);
        if (elementBytes != null && (count == Long.MAX_VALUE || count * elementBytes != end - begin)) {
            throw new WeightFormatException("corrupt header: tensor '" + name + "' of shape " + Arrays.toString(shape)
                    + " and dtype " + dtype + " needs " + (count == Long.MAX_VALUE ? "more than 2^63" : count
                    * elementBytes) + " bytes but its data_offsets span " + (end - begin));
        }
        return new Located(describe(file, name, shape, dtype, dataStart + begin), begin);
    }

    private static TensorEntry describe(Path file, String name, long[] shape, String dtypeName, long offset) {
        Optional<DType> dtype = floatType(dtypeName);
        if (dtype.isEmpty()) {
            return new UnsupportedTensor(file, name, shape, dtypeName, "dtype " + dtypeName + " is not a weight type "
                    + "esdmon analyzes (F32, F16, BF16, F64)");
        }
        Optional<String> reason = Shapes.unsupportedReason(shape);
        if (reason.isPresent()) {
            return new UnsupportedTensor(file, name, shape, dtypeName, reason.get());
        }
        int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        return new LayerTensor(file, name, Shapes.kind(name, dims), dims, dtype.get(),
                new LayerTensor.Storage(offset, ByteOrder.LITTLE_ENDIAN, false, dtypeName));
    }

    private static Optional<DType> floatType(String name) {
        return switch (name) {
            case "F32" -> Optional.of(DType.F32);
            case "F16" -> Optional.of(DType.F16);
            case "BF16" -> Optional.of(DType.BF16);
            case "F64" -> Optional.of(DType.F64);
            default -> Optional.empty();
        };
    }

    private static long nonNegativeLong(JsonNode node, String tensor, String field) throws WeightFormatException {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new WeightFormatException("corrupt header: tensor '" + tensor + "' has a bad " + field + " value "
                    + node);
        }
        return node.asLong();
    }
}
