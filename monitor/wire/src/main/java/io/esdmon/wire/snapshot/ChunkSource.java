package io.esdmon.wire.snapshot;

/**
 * The record a chunk arrived in, as {@link SnapshotAssembler} needs to know it: the partition it was
 * read from (incomplete snapshots are counted per partition), its timestamp (chunks of one snapshot
 * are published within moments, so a partition whose newer records are much later has moved past a
 * snapshot whose chunks stopped) and the memory the caller keeps for it while the snapshot is incomplete.
 */
public interface ChunkSource {

    /** The partition the record was read from; any value with equals and hashCode. */
    Object partition();

    /** The record's timestamp, ms since the epoch. */
    long timestamp();

    /** Bytes the caller holds for this record until the snapshot's outcome (its key, a value prefix, ...). */
    long retainedBytes();
}
