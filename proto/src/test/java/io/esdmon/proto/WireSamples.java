package io.esdmon.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One message of each record type with every field set to a distinctive value. The Python side of
 * the interop test ({@code src/test/python/interop.py}) builds the same messages from the same
 * literals; keep the two in step.
 */
final class WireSamples {

    private WireSamples() {
    }

    static final Timestamp WALL_TIME = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789).build();

    /** A 2×3 float32 tensor, little-endian: 1.5, -2.25, 3e-8, 4, -5, 6.125. */
    static ByteString tensorBytes() {
        float[] values = {1.5f, -2.25f, 3e-8f, 4f, -5f, 6.125f};
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return ByteString.copyFrom(buf.array());
    }

    static SnapshotRecord chunk() {
        SnapshotHeader header = SnapshotHeader.newBuilder()
                .setSnapshotId("5f0c7c1e-7d55-4c3a-9a57-3b1d0c2f9e11")
                .setLayerStep(LayerStep.newBuilder().setRunId("run-42").setStep(1200).setEpoch(3)
                        .setWallTime(WALL_TIME).setLayer("features.0.weight").setKind(LayerKind.DENSE).setLayerIndex(7)
                        .putTags("batch_size", "32").putTags("learning_rate", "0.001").putTags("model", "MiniAlexNet"))
                .setTensor(TensorLayout.newBuilder().addShape(2).addShape(3).setDtype(DType.F32))
                .setTotalBytes(24)
                .setCrc32(0xCBF43926)
                .build();
        return SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder()
                .setHeader(header).setChunkIndex(1).setChunkCount(3).setOffset(786_432L).setData(tensorBytes()))
                .build();
    }

    static SnapshotRecord spectrumChunk() {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(9.5);
        SnapshotHeader header = SnapshotHeader.newBuilder()
                .setSnapshotId("s-2")
                .setLayerStep(LayerStep.newBuilder().setRunId("run-42").setStep(5).setLayer("conv1.weight")
                        .setKind(LayerKind.CONV2D).setLayerIndex(-1))
                .setSpectrum(SpectrumLayout.newBuilder().setN(64).setM(32).setRf(9))
                .setTotalBytes(16).setCrc32(7)
                .build();
        return SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder()
                .setHeader(header).setChunkIndex(0).setChunkCount(1).setOffset(0)
                .setData(ByteString.copyFrom(buf.array()))).build();
    }

    static SnapshotRecord manifest() {
        return SnapshotRecord.newBuilder().setManifest(SnapshotManifest.newBuilder()
                .setRunId("run-42").setStep(1200).setEpoch(3).setWallTime(WALL_TIME)
                .putTags("batch_size", "32")
                .addLayers(ManifestLayer.newBuilder().setLayer("features.0.weight").setKind(LayerKind.DENSE)
                        .setLayerIndex(7).setSnapshotId("5f0c7c1e-7d55-4c3a-9a57-3b1d0c2f9e11").setChunkCount(3)
                        .setTotalBytes(2_000_000L))
                .addLayers(ManifestLayer.newBuilder().setLayer("conv1.weight").setKind(LayerKind.CONV2D)
                        .setLayerIndex(0).setSnapshotId("s-2").setChunkCount(1).setTotalBytes(16)))
                .build();
    }

    static Evidence evidence() {
        return Evidence.newBuilder().setSignal("num_spikes").setValue(3).setRelation(">=").setThreshold(1)
                .setThresholdHigh(0).setDecisive(true).setNote("3 eigenvalues beyond the MP edge").build();
    }

    static MarchenkoPastur mp(double sigma) {
        return MarchenkoPastur.newBuilder().setSigmaMp(sigma).setGridSigma(sigma * 0.99).setBulkMin(0.08)
                .setBulkMax(2.9).setNumSpikes(3).setMpSoftrank(0.31).setWScale(1.7).setTracyWidom(0.012)
                .setSuccess(true).build();
    }

    static LayerAnalysis analysis() {
        return LayerAnalysis.newBuilder()
                .setAnalysisId("a1b2c3d4e5f60718293a4b5c6d7e8f90")
                .setLayerStep(LayerStep.newBuilder().setRunId("run-42").setStep(1200).setEpoch(3)
                        .setWallTime(WALL_TIME).setLayer("features.0.weight").setKind(LayerKind.DENSE).setLayerIndex(7)
                        .putTags("batch_size", "32"))
                .setSnapshotId("5f0c7c1e-7d55-4c3a-9a57-3b1d0c2f9e11")
                .setConfigId("cfg-0123456789ab")
                .setAnalyzedAt(Timestamp.newBuilder().setSeconds(1_700_000_005L).setNanos(1))
                .setEngineNanos(64_000_000L)
                .setSpectrum(SpectrumSummary.newBuilder().setN(1000).setM(500).setRf(1).setQ(2.0).setNumEvals(500)
                        .setSvMax(9.75).setSvMin(0.5).setEigenPath("GRAM_NATIVE"))
                .setMetrics(Metrics.newBuilder()
                        .setPowerLaw(PowerLaw.newBuilder().setAlpha(3.25).setXmin(1.5).setXmax(95.0625).setD(0.0625)
                                .setSigma(0.125).setNumPlSpikes(41).setNumFitted(500).setRawAlpha(3.25)
                                .setNumFingers(0).setSuccess(true).setWarning(""))
                        .setNorms(Norms.newBuilder().setNorm(1234.5).setLogNorm(3.0915).setLambdaMax(95.0625)
                                .setLogSpectralNorm(1.978).setAlphaWeighted(6.43).setLogAlphaNorm(6.5)
                                .setStableRank(12.98).setMatrixRank(500).setEntropy(0.91).setRankLoss(0)
                                .setWeakRankLoss(2))
                        .setMpFit(mp(0.97))
                        .setRandomized(Randomized.newBuilder().setMaxRandEval(3.1).setRandDistance(0.42)
                                .setWwSoftrank(0.0326).setWwMaxdist(91.9625).setRandMpFit(mp(1.01)))
                        .setDetx(DetX.newBuilder().setDetxNum(17).setDetxVal(4.5).setDetxValUnrescaled(1.8)))
                .setPhase(PhaseAssessment.newBuilder().setPhase("BULK_PLUS_SPIKES").setClassifierConfigId("phase-v1")
                        .addEvidence(evidence()).setMargin(1.25).setRule("SEPARATED_SPIKES"))
                .setEsd(EsdHistogram.newBuilder().setLog10Lo(-3.5).setLog10Hi(2.0).addCounts(0).addCounts(17)
                        .addCounts(400).addCounts(83).setBelow(0))
                .setCurves(FitCurves.newBuilder().addGrid(0.01).addGrid(1.0).addGrid(100.0)
                        .addMpDensity(0.0).addMpDensity(0.75).addMpDensity(0.0)
                        .addPlDensity(0.0).addPlDensity(0.0).addPlDensity(0.002))
                .build();
    }

    static LayerAnalysis skippedAnalysis() {
        return LayerAnalysis.newBuilder().setAnalysisId("ff")
                .setLayerStep(LayerStep.newBuilder().setRunId("run-42").setStep(1).setLayer("fc3.weight")
                        .setKind(LayerKind.DENSE))
                .setConfigId("cfg-0123456789ab")
                .setSkipped(Skipped.newBuilder().setReason("TOO_FEW_EVALS").setDetail("8 eigenvalues < min_evals 10"))
                .build();
    }

    static PhaseTransition transition() {
        return PhaseTransition.newBuilder().setTransitionId("t-1")
                .setLayerStep(LayerStep.newBuilder().setRunId("run-42").setStep(1200).setEpoch(3)
                        .setWallTime(WALL_TIME).setLayer("features.0.weight").setKind(LayerKind.DENSE).setLayerIndex(7)
                        .putTags("model", "MiniAlexNet"))
                .setFromPhase("RANDOM_LIKE").setToPhase("BLEEDING_OUT").setFirstStep(1100).setLastStepBefore(1000)
                .addEvidence(evidence()).setAnalysisId("a1b2c3d4e5f60718293a4b5c6d7e8f90")
                .setConfigId("cfg-0123456789ab").setClassifierConfigId("phase-v1")
                .setDetectedAt(Timestamp.newBuilder().setSeconds(1_700_000_006L))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setReason(DeadLetterReason.INCOMPLETE_SNAPSHOT)
                .setDetail("2 of 3 chunks arrived within 60 s")
                .setOriginal(RecordCoordinates.newBuilder().setTopic("esd.snapshots").setPartition(4).setOffset(99_001)
                        .setTimestamp(WALL_TIME))
                .setOriginalKey(ByteString.copyFromUtf8("run-42/features.0.weight"))
                .setPayloadSize(900_000).setPayloadPrefix(ByteString.copyFrom(new byte[] {0x0a, 0x00, (byte) 0xff}))
                .setPayloadSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .setRunId("run-42").setLayer("features.0.weight").setStep(1200)
                .setSnapshotId("5f0c7c1e-7d55-4c3a-9a57-3b1d0c2f9e11").setRecordCount(2).setStage("reassembly")
                .setRejectedAt(Timestamp.newBuilder().setSeconds(1_700_000_070L))
                .build();
    }
}
