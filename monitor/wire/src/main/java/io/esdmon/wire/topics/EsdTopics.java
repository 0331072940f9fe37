package io.esdmon.wire.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The names of esdmon's four topics. Names are configuration (several deployments, or tests, can
 * share one broker under different names); {@link #DEFAULT} is what the docs call them.
 *
 * <p>{@link #specs} says how they are created (docs/kafka.md explains the choices): snapshots,
 * analyses and transitions get the same partition count, so a run/layer key lands in the same
 * partition number in each, and the monitor instance that owns a layer's snapshots also owns its
 * analysis history and phase state.
 *
 * @param snapshots    layer snapshot chunks and step manifests, from trainers
 * @param analyses     one LayerAnalysis per layer per step per analysis config
 * @param transitions  phase transitions
 * @param deadLetter   input the monitor could not process, with the reason
 */
public record EsdTopics(String snapshots, String analyses, String transitions, String deadLetter) {

    public static final EsdTopics DEFAULT = new EsdTopics("esd.snapshots", "esd.analyses", "esd.transitions",
            "esd.deadletter");

    /** Default partitions of the keyed topics: room for six monitor instances. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** Snapshots are raw input for replay within a day; beyond that, analyses are the record. */
    public static final Duration SNAPSHOT_RETENTION = Duration.ofDays(1);
    /** Snapshot bytes kept per partition (the size bound that caps disk use). */
    public static final long SNAPSHOT_RETENTION_BYTES = 1L << 30;
    /** Analyses rebuild phase state and dashboards; kept for 90 days. */
    public static final Duration ANALYSIS_RETENTION = Duration.ofDays(90);
    /** Dead letters are for investigation; kept for 14 days. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    public EsdTopics {
        for (String n : new String[] {snapshots, analyses, transitions, deadLetter}) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("every esdmon topic needs a name, got " + snapshots + ", "
                        + analyses + ", " + transitions + ", " + deadLetter);
            }
        }
    }

    /** The default names with a prefix, e.g. {@code "test-17."} gives {@code test-17.esd.snapshots}. */
    public static EsdTopics withPrefix(String prefix) {
        return new EsdTopics(prefix + DEFAULT.snapshots, prefix + DEFAULT.analyses, prefix + DEFAULT.transitions,
                prefix + DEFAULT.deadLetter);
    }

    /**
     * How to create the topics on a cluster of {@code brokers} brokers: replication min(3, brokers),
     * min.insync.replicas 2 when replicated.
     */
    public List<TopicSpec> specs(int partitions, int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, got " + brokers);
        }
        return specsReplicated(partitions, Math.min(3, brokers));
    }

    /**
     * How to create the topics with {@code replicationFactor} copies of each partition;
     * min.insync.replicas is 2 from three copies up (one broker may fail without stopping writes
     * with acks=all), else 1.
     */
    public List<TopicSpec> specsReplicated(int partitions, int replicationFactor) {
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("the replication factor must be at least 1 (and at most the number"
                    + " of brokers), got " + replicationFactor);
        }
        short rf = (short) replicationFactor;
        String minIsr = String.valueOf(rf >= 3 ? 2 : 1);
        Map<String, String> snapshotConfigs = Map.of(
                "retention.ms", ms(SNAPSHOT_RETENTION),
                "retention.bytes", String.valueOf(SNAPSHOT_RETENTION_BYTES),
                // small segments so that time and size retention can delete something within the bound
                "segment.bytes", String.valueOf(64L << 20),
                "segment.ms", ms(Duration.ofHours(1)),
                "min.insync.replicas", minIsr);
        return List.of(
                new TopicSpec(snapshots, partitions, rf, snapshotConfigs),
                new TopicSpec(analyses, partitions, rf,
                        Map.of("retention.ms", ms(ANALYSIS_RETENTION), "min.insync.replicas", minIsr)),
                new TopicSpec(transitions, partitions, rf, Map.of("retention.ms", "-1", "min.insync.replicas", minIsr)),
                new TopicSpec(deadLetter, 1, rf,
                        Map.of("retention.ms", ms(DEAD_LETTER_RETENTION), "min.insync.replicas", minIsr)));
    }

    private static String ms(Duration d) {
        return String.valueOf(d.toMillis());
    }
}
