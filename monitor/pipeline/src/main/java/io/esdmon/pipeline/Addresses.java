package io.esdmon.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event bus addresses between one monitor's verticles (local only; bodies travel by reference),
 * all under one base name so that several monitors can share a Vert.x instance without answering
 * each other's requests.
 *
 * <p>Flow: ingest → {@link #analyze()} (request: AnalysisJob, reply: AnalysisOutcome) → ingest → the
 * analysis sink (request: LayerAnalysis, reply once Kafka acknowledged everything derived from it).
 * Without a classifier the sink is {@link #writeAnalysis()}. The phase classifier plugs in as the
 * sink ({@link #classify()}): it fills the phase, writes the analysis through {@link #writeAnalysis()}
 * and any transition through {@link #writeTransition()}, and replies only after both are
 * acknowledged, so offsets still commit only once every output is safe.
 *
 * <p>With a phase stage, the ingest also tells it which snapshot partitions it owns: it requests
 * {@link #partitionsAssigned()} (body: {@link SnapshotPartitions}) and consumes those partitions only
 * after the reply (the stage has rebuilt their layers' phase state), and sends
 * {@link #partitionsRevoked()} when they move away. Each sink request carries the snapshot partition
 * in the {@link #PARTITION_HEADER} header, and a layer's analyses reach the sink one at a time, in
 * the order of their snapshots on the partition.
 *
 * @param base  prefix of every address, e.g. {@code esdmon}
 */
public record Addresses(String base) {

    /** Header of sink requests: the snapshot partition the analysis came from (decimal). */
    public static final String PARTITION_HEADER = "esdmon-partition";

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    public Addresses {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("the address base must not be empty");
        }
    }

    /** Addresses no other monitor in this JVM uses: {@code esdmon}, then {@code esdmon-2}, ... */
    public static Addresses unique() {
        int n = INSTANCES.incrementAndGet();
        return new Addresses(n == 1 ? "esdmon" : "esdmon-" + n);
    }

    /** Analyze one reassembled snapshot on the engine pool. */
    public String analyze() {
        return base + ".engine.analyze";
    }

    /** The phase classifier's entry point, when one is deployed (the ingest's sink then). */
    public String classify() {
        return base + ".phase.classify";
    }

    /**
     * Snapshot partitions were assigned to this monitor (request: {@link SnapshotPartitions}); reply
     * once their layers' phase state is rebuilt.
     */
    public String partitionsAssigned() {
        return base + ".phase.partitions-assigned";
    }

    /** Snapshot partitions moved to another monitor (send: {@link SnapshotPartitions}); drop their state. */
    public String partitionsRevoked() {
        return base + ".phase.partitions-revoked";
    }

    /** Write a (classified) LayerAnalysis to Kafka; reply on acknowledgement. */
    public String writeAnalysis() {
        return base + ".output.write-analysis";
    }

    /** Write a PhaseTransition to Kafka; reply on acknowledgement. */
    public String writeTransition() {
        return base + ".output.write-transition";
    }

    /** Write a DeadLetterRecord to Kafka; reply on acknowledgement. */
    public String writeDeadLetter() {
        return base + ".output.write-dead-letter";
    }

    /** Published after each LayerAnalysis is acknowledged, for local subscribers (dashboard, metrics). */
    public String analyses() {
        return base + ".analyses";
    }

    /** Published after each PhaseTransition is acknowledged. */
    public String transitions() {
        return base + ".transitions";
    }

    /** Published after each dead letter (a DeadLetter) is acknowledged. */
    public String deadLetters() {
        return base + ".dead-letters";
    }

    /** Published for each manifest that arrives: which layers a step contains. */
    public String manifests() {
        return base + ".manifests";
    }
}
