package io.esdmon.wire.snapshot;

import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SpectrumLayout;
import io.esdmon.proto.TensorLayout;
import io.esdmon.wire.NameRules;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.Untrusted;
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
    /**
     * Payload bytes one chunk may carry at most: far above the 768 KiB the publishers send, so a
     * broker with a raised record limit still works, but a snapshot cannot claim more bytes than its
     * chunks could hold.
     */
    public static final long MAX_CHUNK_BYTES = 8L << 20;
    /** Record keys: the longest run id, '/', the longest layer name. */
    public static final int MAX_KEY_BYTES = MAX_SHORT_TEXT_BYTES + 1 + MAX_LAYER_NAME_BYTES;

    private SnapshotRules() {
    }

    /** Checks a header and returns it. */
    public static SnapshotHeader check(SnapshotHeader h) {
        String id = h.getSnapshotId();
        NameRules.problem("snapshot_id", id, MAX_SHORT_TEXT_BYTES).ifPresent(p -> {
            throw new InvalidSnapshotException(p + " (publishers use a UUID)");
        });
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
        String where = "chunk " + c.getChunkIndex() + " of snapshot " + Untrusted.quote(h.getSnapshotId(), 64);
        if (c.getChunkCount() < 1 || c.getChunkCount() > h.getTotalBytes()) {
            throw new InvalidSnapshotException(where + ": chunk_count must be in 1..total_bytes, got "
                    + c.getChunkCount());
        }
        if (h.getTotalBytes() > c.getChunkCount() * MAX_CHUNK_BYTES) {
            throw new InvalidSnapshotException(where + ": total_bytes " + h.getTotalBytes() + " cannot travel in "
                    + c.getChunkCount() + " chunks of at most " + MAX_CHUNK_BYTES + " bytes; chunk_count must be"
                    + " the number of records the payload was cut into");
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
        String where = "snapshot " + id + ": ";
        checkRun(s.getRunId(), where);
        NameRules.problem("layer name", s.getLayer(), MAX_LAYER_NAME_BYTES).ifPresent(p -> {
            throw new InvalidSnapshotException(where + p);
        });
        if (s.getStep() < 0 || s.getEpoch() < 0) {
            throw new InvalidSnapshotException(where + "step and epoch must be >= 0, got step " + s.getStep()
                    + ", epoch " + s.getEpoch());
        }
        checkTags(s.getTagsMap(), where);
    }

    /** A run id: non-empty, no '/', at most {@link #MAX_SHORT_TEXT_BYTES} and no refused character. */
    static void checkRun(String runId, String where) {
        try {
            RecordKeys.requireRunId(runId);
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException(where + e.getMessage());
        }
        NameRules.problem("run id", runId, MAX_SHORT_TEXT_BYTES).ifPresent(p -> {
            throw new InvalidSnapshotException(where + p);
        });
    }

    /** At most {@link #MAX_TAGS} tags; keys non-empty, keys and values short names (values may be empty). */
    static void checkTags(Map<String, String> tags, String where) {
        if (tags.size() > MAX_TAGS) {
            throw new InvalidSnapshotException(where + tags.size() + " tags, at most " + MAX_TAGS + " allowed");
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            NameRules.problem("tag key", t.getKey(), MAX_SHORT_TEXT_BYTES)
                    .or(() -> t.getValue().isEmpty() ? java.util.Optional.empty()
                            : NameRules.problem("value of tag " + Untrusted.quote(t.getKey(), 40), t.getValue(),
                                    MAX_SHORT_TEXT_BYTES))
                    .ifPresent(p -> {
                        throw new InvalidSnapshotException(where + p);
                    });
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
}
