package io.esdmon.pipeline;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the monitor's pipeline is configured with, in one place.
 *
 * @param topics             topic names
 * @param groupId            consumer group of the snapshot consumer; instances sharing it split the partitions
 * @param kafka              Kafka client properties passed to every client unchanged (bootstrap.servers,
 *                           security settings; see {@link io.esdmon.wire.KafkaClientSettings})
 * @param analysis           engine options; their {@link io.esdmon.wire.DeterministicIds#configId} tags the analyses
 * @param workers            threads of the engine pool (analyses run in parallel, never on the event loop)
 * @param maxPending         snapshots reassembled but not yet analyzed and written; above it the consumer
 *                           pauses, at half of it it resumes
 * @param reassembly         bounds of chunk reassembly (bytes per snapshot, bytes in flight, timeout)
 * @param analysisTimeout    an analysis running longer is abandoned and dead-lettered
 * @param commitInterval     how often acknowledged progress is committed
 * @param createTopics       create missing topics at start
 * @param topicPartitions    partitions of topics created at start
 * @param phases             the phase classifier and tracker's config; when present (the default) every analysis
 *                           gets its phase on the engine pool and the phase stage emits transitions; when empty,
 *                           analyses go to esd.analyses without a phase
 */
public record MonitorConfig(EsdTopics topics, String groupId, Map<String, Object> kafka, AnalysisOptions analysis,
        int workers, int maxPending, SnapshotAssembler.Limits reassembly, Duration analysisTimeout,
        Duration commitInterval, boolean createTopics, int topicPartitions, Optional<ClassifierConfig> phases) {

    /** The consumer group the issue and the docs name. */
    public static final String DEFAULT_GROUP = "esdmon-monitor";

    public MonitorConfig {
        if (topics == null || analysis == null || reassembly == null) {
            throw new IllegalArgumentException("topics, analysis options and reassembly limits are required");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("the consumer group id must not be empty (default " + DEFAULT_GROUP
                    + ")");
        }
        if (kafka == null || kafka.get("bootstrap.servers") == null) {
            throw new IllegalArgumentException("Kafka client properties need bootstrap.servers");
        }
        if (workers < 1 || maxPending < 1 || topicPartitions < 1) {
            throw new IllegalArgumentException("workers, maxPending and topicPartitions must be >= 1, got " + workers
                    + ", " + maxPending + ", " + topicPartitions);
        }
        if (!isPositive(analysisTimeout) || !isPositive(commitInterval)) {
            throw new IllegalArgumentException("analysisTimeout and commitInterval must be positive");
        }
        if (phases == null) {
            throw new IllegalArgumentException("phases must be a config or Optional.empty() (no classifier)");
        }
        kafka = Map.copyOf(kafka);
    }

    /**
     * Defaults for a monitor on {@code kafka}: the default topics and group, WeightWatcher-compatible
     * analysis with every metric, one engine thread per core, 2 pending snapshots per thread,
     * snapshots up to 512 MiB with 1 GiB in flight and a 5-minute reassembly timeout, phases with the
     * documented thresholds and hysteresis.
     */
    public static MonitorConfig defaults(Map<String, Object> kafka) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new MonitorConfig(EsdTopics.DEFAULT, DEFAULT_GROUP, kafka, AnalysisOptions.defaults(), cores,
                2 * cores, new SnapshotAssembler.Limits(512L << 20, 1L << 30, Duration.ofMinutes(5)),
                Duration.ofMinutes(30), Duration.ofSeconds(1), true, EsdTopics.DEFAULT_PARTITIONS,
                Optional.of(ClassifierConfig.DEFAULT));
    }

    public MonitorConfig withTopics(EsdTopics t) {
        return new MonitorConfig(t, groupId, kafka, analysis, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, phases);
    }

    public MonitorConfig withGroupId(String g) {
        return new MonitorConfig(topics, g, kafka, analysis, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, phases);
    }

    public MonitorConfig withWorkers(int w, int pending) {
        return new MonitorConfig(topics, groupId, kafka, analysis, w, pending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, phases);
    }

    public MonitorConfig withReassembly(SnapshotAssembler.Limits r) {
        return new MonitorConfig(topics, groupId, kafka, analysis, workers, maxPending, r, analysisTimeout,
                commitInterval, createTopics, topicPartitions, phases);
    }

    public MonitorConfig withAnalysis(AnalysisOptions a) {
        return new MonitorConfig(topics, groupId, kafka, a, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, phases);
    }

    public MonitorConfig withCreateTopics(boolean create) {
        return new MonitorConfig(topics, groupId, kafka, analysis, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, create, topicPartitions, phases);
    }

    /** Phases under {@code c} (thresholds and hysteresis). */
    public MonitorConfig withPhases(ClassifierConfig c) {
        return new MonitorConfig(topics, groupId, kafka, analysis, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, Optional.of(c));
    }

    /** No classifier: analyses are written without a phase and no transitions are emitted. */
    public MonitorConfig withoutPhases() {
        return new MonitorConfig(topics, groupId, kafka, analysis, workers, maxPending, reassembly, analysisTimeout,
                commitInterval, createTopics, topicPartitions, Optional.empty());
    }

    /** Kafka properties as the Vert.x clients take them (strings). */
    public Map<String, String> kafkaStrings() {
        Map<String, String> out = new java.util.TreeMap<>();
        kafka.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
