package io.esdmon.pipeline.engine;

import io.esdmon.wire.snapshot.AssembledSnapshot;

/** A reassembled snapshot for the engine pool. */
public record AnalysisJob(AssembledSnapshot snapshot) {
}
