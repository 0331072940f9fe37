package io.esdmon.pipeline.engine;

import io.esdmon.engine.LayerAnalysis;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine on one reassembled snapshot (on a worker thread) and turns the result into the
 * analysis record, with the layer's phase when a classifier is configured. Weights are decoded first;
 * only the engine call itself counts as engine time (classification is not included).
 */
public final class SnapshotAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAnalysis.class);

    private final LayerAnalyzer analyzer;
    private final String configId;
    private final Optional<PhaseAssessor> phases;
    private final Clock clock;

    /** Analyses without a phase. */
    public SnapshotAnalysis(LayerAnalyzer analyzer, String configId, Clock clock) {
        this(analyzer, configId, Optional.empty(), clock);
    }

    /** Analyses classified by {@code phases} when present; skipped layers get no phase. */
    public SnapshotAnalysis(LayerAnalyzer analyzer, String configId, Optional<PhaseAssessor> phases, Clock clock) {
        this.analyzer = analyzer;
        this.configId = configId;
        this.phases = phases;
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
            io.esdmon.proto.LayerAnalysis record = AnalysisMessages.of(result, snapshot.layerStep(),
                    snapshot.header().getSnapshotId(), configId, engineNanos, clock.instant());
            if (result instanceof LayerAnalysis analyzed && phases.isPresent()) {
                record = withPhase(record, analyzed, phases.get());
            }
            return new AnalysisOutcome.Analyzed(record);
        } catch (InvalidSnapshotException e) {
            return new AnalysisOutcome.Failed(e.reason(), e.getMessage(), "validation");
        } catch (RuntimeException e) {
            return new AnalysisOutcome.Failed(DeadLetterReason.ANALYSIS_FAILED, "snapshot "
                    + snapshot.header().getSnapshotId() + " (" + layer + "): " + e, "engine");
        }
    }

    /** A classifier failure leaves the phase unset rather than losing the metrics. */
    private static io.esdmon.proto.LayerAnalysis withPhase(io.esdmon.proto.LayerAnalysis record,
            LayerAnalysis analyzed, PhaseAssessor assessor) {
        try {
            return record.toBuilder().setPhase(assessor.assess(analyzed)).build();
        } catch (RuntimeException e) {
            LOG.warn("no phase for {} at step {}: {}", record.getLayerStep().getLayer(), record.getLayerStep()
                    .getStep(), e.toString());
            return record;
        }
    }
}
