package io.esdmon.wire;

import com.google.protobuf.Timestamp;
import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import java.time.Instant;

/** Conversions between Java and engine types and their wire twins (enums with the same constant names, times). */
public final class ProtoTypes {

    private ProtoTypes() {
    }

    public static io.esdmon.proto.DType toProto(DType dtype) {
        return io.esdmon.proto.DType.valueOf(dtype.name());
    }

    /** The engine dtype; throws for DTYPE_UNSPECIFIED or an unknown number. */
    public static DType fromProto(io.esdmon.proto.DType dtype) {
        return switch (dtype) {
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            case BF16 -> DType.BF16;
            case F64 -> DType.F64;
            default -> throw new IllegalArgumentException("dtype must be F32, F16, BF16 or F64, got " + dtype);
        };
    }

    public static io.esdmon.proto.LayerKind toProto(LayerKind kind) {
        return io.esdmon.proto.LayerKind.valueOf(kind.name());
    }

    /**
     * The engine kind; UNSPECIFIED becomes {@code inferred}, so that a trainer may leave the kind to the
     * shape. Throws for a kind number this version does not know.
     */
    public static LayerKind fromProto(io.esdmon.proto.LayerKind kind, LayerKind inferred) {
        return switch (kind) {
            case DENSE -> LayerKind.DENSE;
            case EMBEDDING -> LayerKind.EMBEDDING;
            case CONV2D -> LayerKind.CONV2D;
            case LAYER_KIND_UNSPECIFIED -> inferred;
            default -> throw new IllegalArgumentException("unknown layer kind " + kind
                    + "; this monitor knows DENSE, EMBEDDING and CONV2D");
        };
    }

    public static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
