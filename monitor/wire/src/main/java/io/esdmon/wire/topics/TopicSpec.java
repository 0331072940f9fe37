package io.esdmon.wire.topics;

import java.util.Map;
import java.util.TreeMap;

/**
 * How one topic is created: name, partition count, replication factor and topic-level configs
 * (Kafka's names, e.g. {@code retention.ms}).
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException(name + ": partitions and replication factor must be >= 1, got "
                    + partitions + " and " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    /** The configs in name order, for stable printing. */
    public Map<String, String> sortedConfigs() {
        return new TreeMap<>(configs);
    }
}
