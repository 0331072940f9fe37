package io.esdmon.dashboard;

import com.google.protobuf.Timestamp;
import io.esdmon.phases.Phase;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerKind;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import io.esdmon.proto.Norms;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.proto.PowerLaw;
import io.esdmon.wire.DeterministicIds;
import java.util.Map;

/** Hand-made analysis and transition records for store and stream tests (no engine involved). */
public final class Records {

    public static final String CONFIG = "cfg-test00000000";
    public static final String CLASSIFIER = "phases-test";

    private Records() {
    }

    public static LayerStep layerStep(String run, String layer, int index, long step, Map<String, String> tags) {
        return LayerStep.newBuilder().setRunId(run).setLayer(layer).setLayerIndex(index).setStep(step)
                .setKind(LayerKind.DENSE).putAllTags(tags)
                .setWallTime(Timestamp.newBuilder().setSeconds(1_700_000_000L + step)).build();
    }

    /** An analysis with a phase, α and a few metrics; its id follows the wire format's rule. */
    public static LayerAnalysis analysis(String run, String layer, int index, long step, Phase phase, double alpha) {
        return analysis(run, layer, index, step, phase, alpha, CONFIG);
    }

    public static LayerAnalysis analysis(String run, String layer, int index, long step, Phase phase, double alpha,
            String configId) {
        return LayerAnalysis.newBuilder()
                .setAnalysisId(DeterministicIds.analysisId(run, layer, step, configId))
                .setLayerStep(layerStep(run, layer, index, step, Map.of("model", "mlp", "batch_size", "32",
                        "learning_rate", "0.01")))
                .setConfigId(configId)
                .setMetrics(Metrics.newBuilder()
                        .setPowerLaw(PowerLaw.newBuilder().setAlpha(alpha).setXmin(1).setXmax(10).setSuccess(true))
                        .setNorms(Norms.newBuilder().setStableRank(10 + step % 7).setLambdaMax(10))
                        .setMpFit(MarchenkoPastur.newBuilder().setMpSoftrank(0.5).setNumSpikes(3).setBulkMax(2)
                                .setSuccess(true)))
                .setPhase(PhaseAssessment.newBuilder().setPhase(phase.name()).setClassifierConfigId(CLASSIFIER)
                        .setRule("POWER_LAW_TAIL").setMargin(1.5)
                        .addEvidence(Evidence.newBuilder().setSignal("alpha").setValue(alpha).setRelation("<=")
                                .setThreshold(4).setMargin(1.5).setDecisive(true).setNote("alpha " + alpha)))
                .build();
    }

    /** {@code a} with the layer's tracked (confirmed) phase after it, as the monitor's phase stage writes it. */
    public static LayerAnalysis tracked(LayerAnalysis a, Phase tracked) {
        return a.toBuilder().setPhase(a.getPhase().toBuilder().setTrackedPhase(tracked.name())).build();
    }

    /** {@code a} with {@code traps} correlation traps counted. */
    public static LayerAnalysis withTraps(LayerAnalysis a, int traps) {
        return a.toBuilder().setPhase(a.getPhase().toBuilder().setCorrelationTraps(traps)).build();
    }

    public static PhaseTransition transition(String run, String layer, int index, long step, Phase from, Phase to) {
        return PhaseTransition.newBuilder()
                .setTransitionId(DeterministicIds.transitionId(run, layer, step, CONFIG, CLASSIFIER))
                .setLayerStep(layerStep(run, layer, index, step, Map.of())).setFromPhase(from == null ? "" : from.name())
                .setToPhase(to.name()).setFirstStep(step - 1).setLastStepBefore(step - 2)
                .setAnalysisId(DeterministicIds.analysisId(run, layer, step, CONFIG)).setConfigId(CONFIG)
                .setClassifierConfigId(CLASSIFIER)
                .setDetectedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .addEvidence(Evidence.newBuilder().setSignal("alpha").setDecisive(true).setNote("alpha fell")).build();
    }
}
