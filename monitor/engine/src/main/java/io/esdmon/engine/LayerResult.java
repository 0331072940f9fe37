package io.esdmon.engine;

import io.esdmon.engine.tensor.LayerKind;

/** What the engine returns for one layer: an analysis, or the reason it was skipped. */
public sealed interface LayerResult permits LayerAnalysis, SkippedLayer {

    String layer();

    LayerKind kind();
}
