package io.esdmon.pipeline.phase;

import io.esdmon.phases.Phase;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.ProtoTypes;
import java.time.Instant;

/** Classified LayerAnalysis records for tests of the phase stage's state, without the engine. */
final class Classified {

    static final String CONFIG = "cfg-test";
    static final String CLASSIFIER = "phc-test";
    /** Beyond both default bands but below the decisive margin (4): a new phase needs two snapshots. */
    static final double LOW = 2.5;
    /** At or above it: a new phase further along is accepted at once. */
    static final double HIGH = 5.0;

    private Classified() {
    }

    static LayerAnalysis analysis(String layer, long step, Phase phase, double margin) {
        return analysis(layer, step, phase, margin, CONFIG, CLASSIFIER);
    }

    static LayerAnalysis analysis(String layer, long step, Phase phase, double margin, String config,
            String classifier) {
        return LayerAnalysis.newBuilder()
                .setAnalysisId(DeterministicIds.analysisId("run", layer, step, config))
                .setLayerStep(LayerStep.newBuilder().setRunId("run").setLayer(layer).setStep(step))
                .setConfigId(config)
                .setAnalyzedAt(ProtoTypes.timestamp(Instant.ofEpochSecond(1_700_000_000L + step)))
                .setPhase(PhaseAssessment.newBuilder().setPhase(phase.name()).setMargin(margin)
                        .setClassifierConfigId(classifier).setRule("TEST")
                        .addEvidence(Evidence.newBuilder().setSignal("step").setValue(step).setNote("test")))
                .build();
    }

    /** A skipped layer: no phase. */
    static LayerAnalysis skipped(String layer, long step) {
        return LayerAnalysis.newBuilder().setAnalysisId(DeterministicIds.analysisId("run", layer, step, CONFIG))
                .setLayerStep(LayerStep.newBuilder().setRunId("run").setLayer(layer).setStep(step))
                .setConfigId(CONFIG).build();
    }
}
