package io.esdmon.wire.snapshot;

/**
 * The record a chunk was read from, for readers that keep nothing else of it (replays, tools, tests):
 * its partition, offset and timestamp.
 */
public record ConsumedChunk(Object partition, long offset, long timestamp) implements ChunkSource {

    /** The record itself and its boxed fields. */
    private static final long RETAINED_BYTES = 64;

    @Override
    public long retainedBytes() {
        return RETAINED_BYTES;
    }
}
