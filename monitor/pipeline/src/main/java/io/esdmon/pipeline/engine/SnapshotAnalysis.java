package io.esdmon.pipeline.engine;

import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.SkipRules;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.SpectrumLayout;
import io.esdmon.wire.analysis.AnalysisMessages;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.InvalidSnapshotException;
import java.time.Clock;

/**
 * Runs the engine on one reassembled snapshot (on a worker thread) and turns the result into the
 * analysis record. Weights are decoded first; only the engine call itself counts as engine time.
 */
public final class SnapshotAnalysis {

    private final LayerAnalyzer analyzer;
    private final String configId;
    private final Clock clock;

    public SnapshotAnalysis(LayerAnalyzer analyzer, String configId, Clock clock) {
        this.analyzer = analyzer;
        this.configId = configId;
        this.clock = clock;
    }

    public AnalysisOutcome run(AssembledSnapshot snapshot) {
        String layer = snapshot.layerStep().getLayer();
        try {
            LayerResult result;
            long start;
            if (snapshot.isSpectrum()) {
                SpectrumLayout s = snapshot.header().getSpectrum();
                LayerKind kind = snapshot.spectrumKind();
                double[] evals = snapshot.evals();
                start = System.nanoTime();
                result = SkipRules.check(layer, kind, new LayerShape(s.getN(), s.getM(), s.getRf()),
                        analyzer.options()).<LayerResult>map(skipped -> skipped)
                        .orElseGet(() -> analyzer.analyzeSpectrum(layer, kind, evals, s.getN(), s.getM(), s.getRf()));
            } else {
                Weights weights = snapshot.weights();
                start = System.nanoTime();
                result = analyzer.analyze(weights);
            }
            long engineNanos = System.nanoTime() - start;
            return new AnalysisOutcome.Analyzed(AnalysisMessages.of(result, snapshot.layerStep(),
                    snapshot.header().getSnapshotId(), configId, engineNanos, clock.instant()));
        } catch (InvalidSnapshotException e) {
            return new AnalysisOutcome.Failed(e.reason(), e.getMessage(), "validation");
        } catch (RuntimeException e) {
            return new AnalysisOutcome.Failed(DeadLetterReason.ANALYSIS_FAILED, "snapshot "
                    + snapshot.header().getSnapshotId() + " (" + layer + "): " + e, "engine");
        }
    }
}
