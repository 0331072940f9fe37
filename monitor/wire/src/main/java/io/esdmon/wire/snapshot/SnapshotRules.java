package io.esdmon.wire.snapshot;

import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SpectrumLayout;
import io.esdmon.proto.TensorLayout;
import io.esdmon.wire.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The rules a snapshot header and its chunks must follow (docs/wire-format.md). Checked by the
 * publisher before sending and by the monitor on arrival; a breach throws
 * {@link InvalidSnapshotException} naming the field.
 */
public final class SnapshotRules {

    /** At most this many tags per snapshot. */
    public static final int MAX_TAGS = 64;
    /** Tag keys and values, run ids and snapshot ids: at most this many UTF-8 bytes. */
    public static final int MAX_SHORT_TEXT_BYTES = 256;
    /** Layer names: at most this many UTF-8 bytes. */
    public static final int MAX_LAYER_NAME_BYTES = 1024;

    private SnapshotRules() {
    }

    /** Checks a header and returns it. */
    public static SnapshotHeader check(SnapshotHeader h) {
        String id = h.getSnapshotId();
        if (id.isEmpty() || utf8(id) > MAX_SHORT_TEXT_BYTES) {
            throw new InvalidSnapshotException("snapshot_id must be 1.." + MAX_SHORT_TEXT_BYTES
                    + " bytes (a UUID), got '" + id + "'");
        }
        if (!h.hasLayerStep()) {
            throw new InvalidSnapshotException("snapshot " + id + " has no layer_step (run, step, layer)");
        }
        checkLayerStep(h.getLayerStep(), id);
        String where = "snapshot " + id + " (" + h.getLayerStep().getLayer() + ")";
        if (h.getTotalBytes() <= 0) {
            throw new InvalidSnapshotException(where + ": total_bytes must be positive, got " + h.getTotalBytes());
        }
        switch (h.getContentCase()) {
            case TENSOR -> checkTensor(h.getTensor(), h.getTotalBytes(), where);
            case SPECTRUM -> checkSpectrum(h.getSpectrum(), h.getTotalBytes(), where);
            default -> throw new InvalidSnapshotException(where + ": the header must say what the payload is: set"
                    + " tensor (weights) or spectrum (eigenvalues)");
        }
        return h;
    }

    /** Checks a chunk's numbering against its header. */
    public static LayerSnapshotChunk checkChunk(LayerSnapshotChunk c) {
        SnapshotHeader h = c.getHeader();
        String where = "chunk " + c.getChunkIndex() + " of snapshot " + h.getSnapshotId();
        if (c.getChunkCount() < 1 || c.getChunkCount() > h.getTotalBytes()) {
            throw new InvalidSnapshotException(where + ": chunk_count must be in 1..total_bytes, got "
                    + c.getChunkCount());
        }
        if (c.getChunkIndex() < 0 || c.getChunkIndex() >= c.getChunkCount()) {
            throw new InvalidSnapshotException(where + ": chunk_index must be in 0.." + (c.getChunkCount() - 1));
        }
        if (c.getData().isEmpty() || c.getOffset() < 0 || c.getOffset() + c.getData().size() > h.getTotalBytes()) {
            throw new InvalidSnapshotException(where + ": " + c.getData().size() + " bytes at offset " + c.getOffset()
                    + " do not lie within the payload of " + h.getTotalBytes() + " bytes");
        }
        return c;
    }

    private static void checkLayerStep(LayerStep s, String id) {
        try {
            RecordKeys.requireRunId(s.getRunId());
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("snapshot " + id + ": " + e.getMessage());
        }
        if (utf8(s.getRunId()) > MAX_SHORT_TEXT_BYTES) {
            throw new InvalidSnapshotException("snapshot " + id + ": run id longer than " + MAX_SHORT_TEXT_BYTES
                    + " bytes");
        }
        if (s.getLayer().isEmpty() || utf8(s.getLayer()) > MAX_LAYER_NAME_BYTES) {
            throw new InvalidSnapshotException("snapshot " + id + ": layer name must be 1.." + MAX_LAYER_NAME_BYTES
                    + " bytes");
        }
        if (s.getStep() < 0 || s.getEpoch() < 0) {
            throw new InvalidSnapshotException("snapshot " + id + ": step and epoch must be >= 0, got step "
                    + s.getStep() + ", epoch " + s.getEpoch());
        }
        if (s.getTagsCount() > MAX_TAGS) {
            throw new InvalidSnapshotException("snapshot " + id + ": " + s.getTagsCount() + " tags, at most "
                    + MAX_TAGS + " allowed");
        }
        for (Map.Entry<String, String> t : s.getTagsMap().entrySet()) {
            if (utf8(t.getKey()) > MAX_SHORT_TEXT_BYTES || utf8(t.getValue()) > MAX_SHORT_TEXT_BYTES) {
                throw new InvalidSnapshotException("snapshot " + id + ": tag '" + t.getKey()
                        + "' has a key or value longer than " + MAX_SHORT_TEXT_BYTES + " bytes");
            }
        }
    }

    private static void checkTensor(TensorLayout t, long totalBytes, String where) {
        int rank = t.getShapeCount();
        if (rank != 2 && rank != 4) {
            throw new InvalidSnapshotException(where + ": a weight tensor must be 2-D (dense) or 4-D (conv2d), got "
                    + t.getShapeList());
        }
        for (long d : t.getShapeList()) {
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw new InvalidSnapshotException(where + ": every dimension must be in 1..2^31-1, got shape "
                        + t.getShapeList());
            }
        }
        int size = elementBytes(t, where);
        long bytes = tensorBytes(t, size);
        if (bytes != totalBytes) {
            throw new InvalidSnapshotException(where + ": shape " + t.getShapeList() + " of " + t.getDtype()
                    + " is " + (bytes < 0 ? "more than 2^63" : Long.toString(bytes)) + " bytes but total_bytes says "
                    + totalBytes);
        }
    }

    /** product(shape) * element size, or -1 when that does not fit a long (an absurd declared shape). */
    private static long tensorBytes(TensorLayout t, int elementBytes) {
        try {
            long bytes = elementBytes;
            for (long d : t.getShapeList()) {
                bytes = Math.multiplyExact(bytes, d);
            }
            return bytes;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static int elementBytes(TensorLayout t, String where) {
        return switch (t.getDtype()) {
            case F32 -> 4;
            case F16, BF16 -> 2;
            case F64 -> 8;
            default -> throw new InvalidSnapshotException(where + ": dtype must be F32, F16, BF16 or F64, got "
                    + t.getDtype());
        };
    }

    private static void checkSpectrum(SpectrumLayout s, long totalBytes, String where) {
        if (s.getM() < 1 || s.getN() < s.getM() || s.getRf() < 1) {
            throw new InvalidSnapshotException(where + ": a spectrum needs 1 <= m <= n and rf >= 1, got n="
                    + s.getN() + ", m=" + s.getM() + ", rf=" + s.getRf());
        }
        long expected = 8L * s.getM() * s.getRf();
        if (expected != totalBytes) {
            throw new InvalidSnapshotException(where + ": m*rf = " + (long) s.getM() * s.getRf()
                    + " float64 eigenvalues are " + expected + " bytes but total_bytes says " + totalBytes);
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
