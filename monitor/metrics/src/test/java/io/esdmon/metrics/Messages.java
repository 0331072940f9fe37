package io.esdmon.metrics;

import com.google.protobuf.Timestamp;
import io.esdmon.phases.Phase;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import io.esdmon.proto.Norms;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.proto.PowerLaw;
import io.esdmon.proto.Randomized;
import java.time.Instant;

/** Builds the pipeline's messages for tests, with distinct values per field. */
final class Messages {

    private Messages() {
    }

    static LayerStep step(String run, String layer, long step) {
        return LayerStep.newBuilder().setRunId(run).setLayer(layer).setStep(step).build();
    }

    /**
     * An analysis with every metric set, one correlation trap and 5 spikes of the engine's randomized MP fit
     * (which the traps gauge must not read); {@code phase} null leaves it unclassified.
     */
    static LayerAnalysis analysis(String run, String layer, long step, Phase phase, double alpha) {
        return analysis(run, layer, step, phase == null ? null : phase.name(), alpha);
    }

    static LayerAnalysis analysis(String run, String layer, long step, String phase, double alpha) {
        Metrics m = Metrics.newBuilder()
                .setPowerLaw(PowerLaw.newBuilder().setAlpha(alpha).setSuccess(true))
                .setNorms(Norms.newBuilder().setStableRank(12.5).setLogSpectralNorm(1.75).setEntropy(0.875))
                .setMpFit(MarchenkoPastur.newBuilder().setMpSoftrank(0.25).setNumSpikes(3).setSuccess(true))
                .setRandomized(Randomized.newBuilder().setRandMpFit(MarchenkoPastur.newBuilder().setNumSpikes(5)
                        .setSuccess(true)))
                .build();
        LayerAnalysis.Builder a = LayerAnalysis.newBuilder().setLayerStep(step(run, layer, step)).setMetrics(m)
                .setEngineNanos(42_000_000).setAnalyzedAt(ts(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(step)));
        if (phase != null) {
            a.setPhase(PhaseAssessment.newBuilder().setPhase(phase).setCorrelationTraps(1));
        }
        return a.build();
    }

    /** {@code a} with the layer's tracked (confirmed) phase set, as the phase stage writes it. */
    static LayerAnalysis tracked(LayerAnalysis a, Phase tracked) {
        return a.toBuilder().setPhase(a.getPhase().toBuilder().setTrackedPhase(tracked.name())).build();
    }

    static PhaseTransition transition(String run, String layer, long step, String from, String to, Instant at) {
        return PhaseTransition.newBuilder().setLayerStep(step(run, layer, step)).setFromPhase(from).setToPhase(to)
                .setDetectedAt(ts(at)).build();
    }

    static DeadLetter deadLetter(DeadLetterReason reason) {
        return DeadLetter.newBuilder().setReason(reason).setDetail("test").build();
    }

    static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
