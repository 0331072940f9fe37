package io.esdmon.pipeline.engine;

import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerAnalysis;

/** What the engine pool answers for a job. */
public sealed interface AnalysisOutcome {

    /** The analysis record (metrics, or the skip reason). */
    record Analyzed(LayerAnalysis analysis) implements AnalysisOutcome {
    }

    /**
     * The snapshot could not be analyzed.
     *
     * @param stage  "validation" for bad input found on decoding, "engine" for a failure of the math
     */
    record Failed(DeadLetterReason reason, String detail, String stage) implements AnalysisOutcome {
    }
}
