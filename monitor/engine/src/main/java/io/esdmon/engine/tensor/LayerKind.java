package io.esdmon.engine.tensor;

/** The layer types the engine analyzes, as WeightWatcher distinguishes them. */
public enum LayerKind {
    /** Fully connected: weight is 2-D (out × in). */
    DENSE,
    /** Embedding table: 2-D (vocabulary × dim), analyzed like a dense layer. */
    EMBEDDING,
    /** 2-D convolution: weight is 4-D (out, in, kh, kw); the kh·kw slices are pooled into one ESD. */
    CONV2D;

    /** The kind implied by a tensor's rank: 2-D is dense, 4-D is conv2d. */
    public static LayerKind forRank(int rank) {
        return switch (rank) {
            case 2 -> DENSE;
            case 4 -> CONV2D;
            default -> throw new IllegalArgumentException(
                    "a weight tensor must be 2-D (dense) or 4-D (conv2d), got " + rank + "-D");
        };
    }
}
