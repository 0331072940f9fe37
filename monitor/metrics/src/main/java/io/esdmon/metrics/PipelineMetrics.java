package io.esdmon.metrics;

import io.esdmon.pipeline.ingest.IngestStats;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerAnalysis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Health of the monitor's pipeline: dead letters by reason, the engine time per analysis and the
 * time of the newest analysis from the start, and what the ingest side counts ({@link IngestStats})
 * once {@link #watch} gives it. Counters exist at 0 before their first event (one dead-letter
 * counter per reason), so that {@code increase()} sees the first one.
 */
public final class PipelineMetrics {

    /** Histogram buckets of the engine time per layer: 1 ms to 5 min. */
    static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private IngestStats stats; // function meters hold their object weakly
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Counter otherDeadLetters;
    private final Timer duration;
    private volatile double newestAnalysisSeconds;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DeadLetterReason r : DeadLetterReason.values()) {
            if (r != DeadLetterReason.UNRECOGNIZED && r != DeadLetterReason.DEAD_LETTER_REASON_UNSPECIFIED) {
                deadLetters.put(r, deadLetterCounter(registry, r.name()));
            }
        }
        otherDeadLetters = deadLetterCounter(registry, "OTHER");
        duration = Timer.builder("esdmon.analysis.duration")
                .description("Engine time per layer analysis (eigenvalues, fits and metrics)")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
        Gauge.builder("esdmon.last.analysis.timestamp", this, m -> m.newestAnalysisSeconds).baseUnit("seconds")
                .description("When the newest analysis was written (Unix time); 0 before the first").register(registry);
    }

    /** Exports the counters and gauges of a monitor's ingest side; call once, when the monitor has started. */
    public synchronized void watch(IngestStats ingest) {
        if (stats != null) {
            throw new IllegalStateException("already watching a monitor's ingest stats; one registry per monitor");
        }
        stats = ingest;
        gauge(registry, stats, "esdmon.consuming", "1 while the monitor is subscribed to the snapshot topic",
                s -> s.subscribed() ? 1 : 0);
        gauge(registry, stats, "esdmon.consumer.paused", "1 while the snapshot consumer is paused because work"
                + " backed up", s -> s.paused() ? 1 : 0);
        gauge(registry, stats, "esdmon.snapshots.pending", "Snapshots reassembled whose analysis is not yet"
                + " written (records in flight)", IngestStats::pending);
        gauge(registry, stats, "esdmon.snapshots.incomplete", "Chunked snapshots still waiting for chunks",
                IngestStats::incompleteSnapshots);
        Gauge.builder("esdmon.reassembly.in.flight", stats, IngestStats::bytesInFlight).baseUnit("bytes")
                .description("Memory held for incomplete snapshots: chunks, headers, bookkeeping").register(registry);
        gauge(registry, stats, "esdmon.reassembly.waiting", "Records held back until the reassembly has room"
                + " (their partitions are paused)", IngestStats::waitingForRoom);
        counter(registry, stats, "esdmon.reassembly.room.waits", "Times a partition paused because the reassembly"
                + " had no room for its next chunk", IngestStats::roomWaits);
        counter(registry, stats, "esdmon.dead.letters.lost", "Dead letters Kafka refused even shortened; their records"
                + " were passed over without a dead letter", IngestStats::deadLettersLost);
        counter(registry, stats, "esdmon.records.consumed", "Records consumed from the snapshot topic",
                IngestStats::records);
        counter(registry, stats, "esdmon.snapshots.reassembled", "Layer snapshots reassembled completely",
                IngestStats::snapshots);
        counter(registry, stats, "esdmon.layers.analyzed", "Layer analyses written (acknowledged by Kafka)",
                IngestStats::analysesWritten);
        counter(registry, stats, "esdmon.consumer.pauses", "Times the snapshot consumer paused", IngestStats::pauses);
        counter(registry, stats, "esdmon.offset.commits", "Successful offset commits", IngestStats::commits);
    }

    /** Records the engine time and the time of an analysis that was written. */
    public void onAnalysis(LayerAnalysis a) {
        duration.record(a.getEngineNanos(), TimeUnit.NANOSECONDS);
        double at = a.getAnalyzedAt().getSeconds() + a.getAnalyzedAt().getNanos() / 1e9;
        if (at > newestAnalysisSeconds) {
            newestAnalysisSeconds = at;
        }
    }

    /** Counts a dead letter that was written, by its reason. */
    public void onDeadLetter(DeadLetter d) {
        deadLetters.getOrDefault(d.getReason(), otherDeadLetters).increment();
    }

    private static Counter deadLetterCounter(MeterRegistry registry, String reason) {
        return Counter.builder("esdmon.dead.letters").tag("reason", reason)
                .description("Inputs written to the dead-letter topic, by reason").register(registry);
    }

    private static void gauge(MeterRegistry registry, IngestStats stats, String name, String help,
            ToDoubleFunction<IngestStats> f) {
        Gauge.builder(name, stats, f).description(help).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, IngestStats stats, String name, String help,
            ToDoubleFunction<IngestStats> f) {
        FunctionCounter.builder(name, stats, f).description(help).register(registry);
    }
}
