package io.esdmon.pipeline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerStep;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotChunker;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotAnalysisTest {

    private final SnapshotAnalysis analysis = new SnapshotAnalysis(new LayerAnalyzer(AnalysisOptions.defaults()),
            "cfg-test", Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));

    private static AssembledSnapshot snapshot(String layer, LayerPayload payload) {
        var step = LayerStep.newBuilder().setRunId("r").setStep(1).setLayer(layer).build();
        var header = SnapshotChunker.header("s-" + layer, step, payload);
        ByteBuffer bytes = payload.bytes();
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        return new AssembledSnapshot(header, data);
    }

    @Test
    void nonFiniteWeightsAreInvalidInputNamedByLayer() {
        float[] v = new float[20 * 30];
        v[7] = Float.NaN;
        var out = analysis.run(snapshot("fc", LayerPayload.of(Weights.dense("fc", 20, 30, v))));
        var failed = assertInstanceOf(AnalysisOutcome.Failed.class, out);
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, failed.reason());
        assertEquals("validation", failed.stage());
        assertTrue(failed.detail().contains("fc"), failed.detail());
    }

    @Test
    void anAllZeroLayerIsAnEngineFailureWithTheEngineReason() {
        var out = analysis.run(snapshot("lora_B", LayerPayload.of(Weights.dense("lora_B", 20, 30, new float[600]))));
        var failed = assertInstanceOf(AnalysisOutcome.Failed.class, out);
        assertEquals(DeadLetterReason.ANALYSIS_FAILED, failed.reason());
        assertEquals("engine", failed.stage());
        assertTrue(failed.detail().contains("all eigenvalues are 0"), failed.detail());
    }

    @Test
    void spectraOutsideTheSizeRulesAreReportedSkipped() {
        double[] evals = new double[8];
        java.util.Arrays.fill(evals, 1.0);
        var out = analysis.run(snapshot("tiny", new LayerPayload.Spectrum(100, 8, 1, evals)));
        var a = assertInstanceOf(AnalysisOutcome.Analyzed.class, out).analysis();
        assertEquals("TOO_FEW_EVALS", a.getSkipped().getReason());
        assertEquals(1_700_000_000L, a.getAnalyzedAt().getSeconds());
    }

    @Test
    void halfPrecisionTensorsAreAnalyzed() {
        ByteBuffer half = ByteBuffer.allocate(2 * 40 * 30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 40 * 30; i++) {
            // bfloat16 is the top half of a float32
            half.putShort((short) (Float.floatToIntBits((float) r.nextGaussian()) >>> 16));
        }
        half.flip();
        var payload = new LayerPayload.Tensor(new int[] {40, 30}, io.esdmon.engine.tensor.DType.BF16, half);
        var a = assertInstanceOf(AnalysisOutcome.Analyzed.class, analysis.run(snapshot("bf", payload))).analysis();
        assertEquals(30, a.getSpectrum().getNumEvals());
        assertTrue(a.getMetrics().getNorms().getLambdaMax() > 0);
    }

    /** With a classifier, analyzed layers (weights or spectrum) get their phase; skipped ones do not. */
    @Test
    void theClassifierFillsThePhaseOfAnalyzedLayers() {
        PhaseAssessor assessor = new PhaseAssessor(ClassifierConfig.DEFAULT);
        SnapshotAnalysis classified = new SnapshotAnalysis(new LayerAnalyzer(AnalysisOptions.defaults()), "cfg-test",
                Optional.of(assessor), Clock.systemUTC());
        Weights spiked = Npy.referenceMatrix("spiked_1000x500_3spikes");
        var a = assertInstanceOf(AnalysisOutcome.Analyzed.class, classified.run(snapshot("spiked",
                LayerPayload.of(spiked)))).analysis();
        LayerAnalysis direct = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()).analyze(spiked);
        assertEquals(assessor.assess(direct), a.getPhase());
        assertEquals("BULK_PLUS_SPIKES", a.getPhase().getPhase());
        assertEquals(DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT), a.getPhase().getClassifierConfigId());

        double[] evals = direct.spectrum().evals();
        var spectrum = assertInstanceOf(AnalysisOutcome.Analyzed.class, classified.run(snapshot("spec",
                new LayerPayload.Spectrum(1000, 500, 1, evals)))).analysis();
        assertEquals("BULK_PLUS_SPIKES", spectrum.getPhase().getPhase());
        assertTrue(spectrum.getPhase().getEvidenceList().stream().noneMatch(e -> e.getSignal().equals(
                "shuffled_outliers")), "a spectrum has no shuffled spectrum");

        double[] few = new double[8];
        java.util.Arrays.fill(few, 1.0);
        var skipped = assertInstanceOf(AnalysisOutcome.Analyzed.class, classified.run(snapshot("tiny",
                new LayerPayload.Spectrum(100, 8, 1, few)))).analysis();
        assertFalse(skipped.hasPhase());
    }
}
