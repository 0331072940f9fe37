package io.esdmon.engine.tensor;

/** Element types a weight tensor may arrive in. Half types are widened to float32 on decode. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
