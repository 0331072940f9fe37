package io.esdmon.wire.snapshot;

import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightDecoder;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.TensorLayout;
import io.esdmon.wire.ProtoTypes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A layer snapshot with all its chunks joined and its checksum verified.
 *
 * @param header   the header every chunk carried
 * @param payload  the payload bytes, little-endian
 */
public record AssembledSnapshot(SnapshotHeader header, byte[] payload) {

    public LayerStep layerStep() {
        return header.getLayerStep();
    }

    /** Whether the payload is eigenvalues computed by the trainer rather than weights. */
    public boolean isSpectrum() {
        return header.hasSpectrum();
    }

    /**
     * The weights of a tensor snapshot, widened to float32 for half types; an unspecified kind is
     * inferred from the rank. Throws {@link InvalidSnapshotException} for non-finite weights or a
     * kind that does not fit the shape.
     */
    public Weights weights() {
        if (!header.hasTensor()) {
            throw new IllegalStateException("snapshot " + header.getSnapshotId() + " carries a spectrum, not weights");
        }
        TensorLayout t = header.getTensor();
        int[] shape = t.getShapeList().stream().mapToInt(Long::intValue).toArray();
        try {
            LayerKind kind = ProtoTypes.fromProto(layerStep().getKind(), LayerKind.forRank(shape.length));
            return WeightDecoder.decode(layerStep().getLayer(), kind, shape, ProtoTypes.fromProto(t.getDtype()),
                    ByteBuffer.wrap(payload));
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException("snapshot " + header.getSnapshotId() + ": " + e.getMessage());
        }
    }

    /**
     * The eigenvalues of a spectrum snapshot, in the order sent. Throws {@link InvalidSnapshotException}
     * for a NaN or infinite eigenvalue, as {@link #weights()} does for weights.
     */
    public double[] evals() {
        if (!header.hasSpectrum()) {
            throw new IllegalStateException("snapshot " + header.getSnapshotId() + " carries weights, not a spectrum");
        }
        double[] evals = new double[payload.length / 8];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(evals);
        for (int i = 0; i < evals.length; i++) {
            if (!Double.isFinite(evals[i])) {
                throw new InvalidSnapshotException("snapshot " + header.getSnapshotId() + ": eigenvalue " + i + " of "
                        + evals.length + " is " + evals[i] + "; the trainer's eigensolver failed or the weights"
                        + " diverged, publish finite eigenvalues");
            }
        }
        return evals;
    }

    /** The kind of a spectrum snapshot: as sent, or inferred (conv2d when rf &gt; 1). */
    public LayerKind spectrumKind() {
        return ProtoTypes.fromProto(layerStep().getKind(),
                header.getSpectrum().getRf() > 1 ? LayerKind.CONV2D : LayerKind.DENSE);
    }
}
