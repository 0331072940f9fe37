package io.esdmon.pipeline;

/**
 * Event bus addresses between the monitor's verticles (local only; bodies travel by reference).
 *
 * <p>Flow: ingest → {@link #ANALYZE} (request: AnalysisJob, reply: AnalysisOutcome) → ingest → the
 * analysis sink (request: LayerAnalysis, reply once Kafka acknowledged everything derived from it).
 * Without a classifier the sink is {@link #WRITE_ANALYSIS}. The phase classifier plugs in as the
 * sink ({@link #CLASSIFY}): it fills the phase, writes the analysis through {@link #WRITE_ANALYSIS}
 * and any transition through {@link #WRITE_TRANSITION}, and replies only after both are
 * acknowledged, so offsets still commit only once every output is safe.
 */
public final class Addresses {

    private Addresses() {
    }

    /** Analyze one reassembled snapshot on the engine pool. */
    public static final String ANALYZE = "esdmon.engine.analyze";
    /** The phase classifier's entry point, when one is deployed (the ingest's sink then). */
    public static final String CLASSIFY = "esdmon.phase.classify";
    /** Write a (classified) LayerAnalysis to Kafka; reply on acknowledgement. */
    public static final String WRITE_ANALYSIS = "esdmon.output.write-analysis";
    /** Write a PhaseTransition to Kafka; reply on acknowledgement. */
    public static final String WRITE_TRANSITION = "esdmon.output.write-transition";
    /** Write a DeadLetterRecord to Kafka; reply on acknowledgement. */
    public static final String WRITE_DEAD_LETTER = "esdmon.output.write-dead-letter";
    /** Published after each LayerAnalysis is acknowledged, for local subscribers (dashboard, metrics). */
    public static final String ANALYSES = "esdmon.analyses";
    /** Published after each PhaseTransition is acknowledged. */
    public static final String TRANSITIONS = "esdmon.transitions";
    /** Published for each manifest that arrives: which layers a step contains. */
    public static final String MANIFESTS = "esdmon.manifests";
}
