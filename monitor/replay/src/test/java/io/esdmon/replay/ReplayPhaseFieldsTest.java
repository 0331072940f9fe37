package io.esdmon.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a replay writes of phases v2, against a real broker: every analysis carries the layer's tracked phase
 * (the replay tracks layers as the monitor does), weights carry their correlation traps, and a spectrum-only
 * snapshot of the same matrix gets the same phase with no traps counted.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReplayPhaseFieldsTest {

    private static final String RUN = "traps";

    @Test
    void replayedAnalysesCarryTheTrackedPhaseAndTheCorrelationTraps(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        Weights w = SyntheticMatrices.generate(Recipe.CORRELATION_TRAPS, 400, 200, 0).toWeights();
        Weights trapped = new Weights("fc", w.kind(), w.shape(), w.values());
        double[] evals = ((LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()).analyze(trapped))
                .spectrum().evals();
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topics.snapshots())) {
            for (long step = 0; step < 3; step++) {
                StepInfo at = StepInfo.of(RUN, step);
                p.publishStep(at, List.of(trapped)).get(60, TimeUnit.SECONDS);
                p.publishSpectrum(at, "spec", LayerKind.DENSE, 1, evals, 400, 200, 1).get(60, TimeUnit.SECONDS);
            }
        }

        ReplaySummary s = Replay.run(ReplayRequest.of(Map.of("bootstrap.servers", broker.bootstrapServers()), RUN,
                ReplayConfig.LIVE_DEFAULT).withTopics(topics).withWorkers(1), progress -> { });

        List<io.esdmon.proto.LayerAnalysis> written = Script.records(broker, topics.analyses(),
                r -> s.replayId().equals(Script.replayOf(r))).stream().map(Script::analysis).toList();
        assertEquals(6, written.size());
        for (io.esdmon.proto.LayerAnalysis a : written) {
            PhaseAssessment phase = a.getPhase();
            String where = a.getLayerStep().getLayer() + " at " + a.getLayerStep().getStep();
            assertEquals("BULK_PLUS_SPIKES", phase.getPhase(), where);
            assertEquals(phase.getPhase(), phase.getTrackedPhase(), where + ": the layer's first phase is tracked at once");
            if (a.getLayerStep().getLayer().equals("fc")) {
                assertTrue(phase.hasCorrelationTraps() && phase.getCorrelationTraps() >= 1, where + ": " + phase);
            } else {
                assertFalse(phase.hasCorrelationTraps(), where + ": no weights to shuffle, no traps counted");
            }
        }
    }
}
