package io.esdmon.pipeline;

import java.util.Set;
import java.util.TreeSet;

/**
 * Partition numbers of the snapshot topic that moved to or away from this monitor (event bus body of
 * {@link Addresses#partitionsAssigned()} and {@link Addresses#partitionsRevoked()}).
 */
public record SnapshotPartitions(Set<Integer> partitions) {

    public SnapshotPartitions {
        if (partitions == null || partitions.stream().anyMatch(p -> p == null || p < 0)) {
            throw new IllegalArgumentException("partition numbers must be >= 0, got " + partitions);
        }
        partitions = Set.copyOf(partitions);
    }

    @Override
    public String toString() {
        return new TreeSet<>(partitions).toString();
    }
}
