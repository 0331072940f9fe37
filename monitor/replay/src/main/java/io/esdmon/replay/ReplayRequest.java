package io.esdmon.replay;

import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One replay: which run, which stretch of esd.snapshots, under which configuration, and where to.
 *
 * @param id           the replay's id, carried by every record it writes ({@link io.esdmon.wire.RecordHeaders#REPLAY})
 * @param kafka        Kafka client properties, passed through (bootstrap.servers, security settings)
 * @param topics       topic names: snapshots are read, analyses and transitions written
 * @param run          the run to re-analyze
 * @param from         first record time (Kafka timestamp) of the range; empty: the oldest record kept
 * @param to           last record time of the range (inclusive); empty: the end of the topic at the start
 * @param config       engine options, thresholds and hysteresis to analyze with
 * @param tag          a name for this analysis version ({@link io.esdmon.wire.RecordHeaders#TAG}); may be empty
 * @param workers      engine threads
 * @param reassembly   bounds of chunk reassembly, as the monitor's
 * @param kafkaTimeout a Kafka request (metadata, offsets) unanswered this long fails the replay; reading that
 *                     makes no progress for this long fails it too
 */
public record ReplayRequest(String id, Map<String, Object> kafka, EsdTopics topics, String run, Optional<Instant> from,
        Optional<Instant> to, ReplayConfig config, String tag, int workers, SnapshotAssembler.Limits reassembly,
        Duration kafkaTimeout) {

    /** Longest tag accepted. */
    public static final int MAX_TAG = 64;

    public ReplayRequest {
        if (kafka == null || kafka.get("bootstrap.servers") == null) {
            throw new IllegalArgumentException("a replay needs Kafka bootstrap servers: pass --bootstrap HOST:PORT");
        }
        kafka = Map.copyOf(kafka);
        RecordKeys.requireRunId(run);
        if (id == null || id.isBlank() || topics == null || config == null || reassembly == null || from == null
                || to == null) {
            throw new IllegalArgumentException("a replay needs an id, topics, a config, reassembly limits and a range"
                    + " (Optional.empty() for an open end)");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("the range is empty: --from " + from.get() + " is not before --to "
                    + to.get());
        }
        tag = tag == null ? "" : tag.strip();
        if (tag.length() > MAX_TAG || tag.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the tag must be at most " + MAX_TAG + " printable characters, got '"
                    + tag + "'");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a replay needs at least one engine thread, got " + workers);
        }
        if (kafkaTimeout == null || kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("the Kafka timeout must be positive, got " + kafkaTimeout);
        }
    }

    /**
     * A replay of all of {@code run} that esd.snapshots still holds, under {@code config}: default topics,
     * no tag, one engine thread, the monitor's reassembly limits, a fresh id.
     */
    public static ReplayRequest of(Map<String, Object> kafka, String run, ReplayConfig config) {
        return new ReplayRequest(newId(), kafka, EsdTopics.DEFAULT, run, Optional.empty(), Optional.empty(), config,
                "", 1, MonitorConfig.defaults(kafka).reassembly(), Duration.ofSeconds(60));
    }

    /** A fresh replay id: {@code rpl-} and 8 random hex digits. */
    public static String newId() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "rpl-" + HexFormat.of().formatHex(b);
    }

    public ReplayRequest withId(String i) {
        return new ReplayRequest(i, kafka, topics, run, from, to, config, tag, workers, reassembly, kafkaTimeout);
    }

    public ReplayRequest withTopics(EsdTopics t) {
        return new ReplayRequest(id, kafka, t, run, from, to, config, tag, workers, reassembly, kafkaTimeout);
    }

    public ReplayRequest withRange(Optional<Instant> f, Optional<Instant> t) {
        return new ReplayRequest(id, kafka, topics, run, f, t, config, tag, workers, reassembly, kafkaTimeout);
    }

    public ReplayRequest withTag(String t) {
        return new ReplayRequest(id, kafka, topics, run, from, to, config, t, workers, reassembly, kafkaTimeout);
    }

    public ReplayRequest withWorkers(int w) {
        return new ReplayRequest(id, kafka, topics, run, from, to, config, tag, w, reassembly, kafkaTimeout);
    }

    public ReplayRequest withKafkaTimeout(Duration d) {
        return new ReplayRequest(id, kafka, topics, run, from, to, config, tag, workers, reassembly, d);
    }
}
