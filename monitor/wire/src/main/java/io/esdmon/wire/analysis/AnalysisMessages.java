package io.esdmon.wire.analysis;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.norms.NormMetrics;
import io.esdmon.engine.powerlaw.FitStatus;
import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.proto.DetX;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import io.esdmon.proto.Norms;
import io.esdmon.proto.PowerLaw;
import io.esdmon.proto.Randomized;
import io.esdmon.proto.Skipped;
import io.esdmon.proto.SpectrumSummary;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.ProtoTypes;
import java.time.Instant;

/** Turns the engine's result for a layer into the {@code LayerAnalysis} record of esd.analyses. */
public final class AnalysisMessages {

    private AnalysisMessages() {
    }

    /**
     * The analysis record of one snapshot.
     *
     * @param result       what the engine returned
     * @param source       the snapshot's identity; its kind is replaced by the kind analyzed
     * @param snapshotId   the snapshot's id
     * @param configId     {@link DeterministicIds#configId} of the options used
     * @param engineNanos  time spent in the engine
     * @param analyzedAt   when the analysis finished
     */
    public static io.esdmon.proto.LayerAnalysis of(LayerResult result, LayerStep source, String snapshotId,
            String configId, long engineNanos, Instant analyzedAt) {
        LayerStep step = source.toBuilder().setKind(ProtoTypes.toProto(result.kind())).build();
        io.esdmon.proto.LayerAnalysis.Builder a = io.esdmon.proto.LayerAnalysis.newBuilder()
                .setAnalysisId(DeterministicIds.analysisId(step.getRunId(), step.getLayer(), step.getStep(), configId))
                .setLayerStep(step).setSnapshotId(snapshotId).setConfigId(configId)
                .setAnalyzedAt(ProtoTypes.timestamp(analyzedAt))
                .setEngineNanos(engineNanos);
        if (result instanceof SkippedLayer s) {
            return a.setSpectrum(SpectrumSummary.newBuilder().setN(s.n()).setM(s.m()).setRf(s.rf())
                            .setQ((double) s.n() / s.m()).setNumEvals(s.m() * s.rf()))
                    .setSkipped(Skipped.newBuilder().setReason(s.reason().name()).setDetail(s.detail())).build();
        }
        LayerAnalysis r = (LayerAnalysis) result;
        Spectrum sp = r.spectrum();
        a.setSpectrum(SpectrumSummary.newBuilder().setN(sp.n()).setM(sp.m()).setRf(sp.rf()).setQ(sp.q())
                .setNumEvals(sp.numEvals()).setSvMax(sp.svMax()).setSvMin(sp.svMin()).setEigenPath(sp.path().name()));
        Metrics.Builder m = Metrics.newBuilder().setPowerLaw(powerLaw(r.powerLaw())).setNorms(norms(r.norms()));
        r.mpFit().ifPresent(f -> m.setMpFit(mp(f)));
        r.randomized().ifPresent(z -> m.setRandomized(randomized(z)));
        r.detX().ifPresent(d -> m.setDetx(DetX.newBuilder().setDetxNum(d.detXNum()).setDetxVal(d.detXVal())
                .setDetxValUnrescaled(d.detXValUnrescaled())));
        var histogram = EsdPlot.histogram(sp.evals());
        return a.setMetrics(m).setEsd(histogram)
                .setCurves(EsdPlot.curves(histogram, sp.evals(), sp.n(), sp.m(), r.mpFit().orElse(null), r.powerLaw()))
                .build();
    }

    private static PowerLaw powerLaw(PowerLawFit p) {
        return PowerLaw.newBuilder().setAlpha(p.alpha()).setXmin(p.xmin()).setXmax(p.xmax()).setD(p.D())
                .setSigma(p.sigma()).setNumPlSpikes(p.numPlSpikes()).setNumFitted(p.numFitted())
                .setRawAlpha(p.rawAlpha()).setNumFingers(p.numFingers()).setSuccess(p.status() == FitStatus.SUCCESS)
                .setWarning(p.warning()).build();
    }

    private static Norms norms(NormMetrics n) {
        return Norms.newBuilder().setNorm(n.norm()).setLogNorm(n.logNorm()).setLambdaMax(n.spectralNorm())
                .setLogSpectralNorm(n.logSpectralNorm()).setAlphaWeighted(n.alphaWeighted())
                .setLogAlphaNorm(n.logAlphaNorm()).setStableRank(n.stableRank()).setMatrixRank(n.matrixRank())
                .setEntropy(n.entropy()).setRankLoss(n.rankLoss()).setWeakRankLoss(n.weakRankLoss()).build();
    }

    private static MarchenkoPastur mp(MpFit f) {
        return MarchenkoPastur.newBuilder().setSigmaMp(f.sigmaMp()).setGridSigma(f.gridSigma())
                .setBulkMin(f.bulkMin()).setBulkMax(f.bulkMax()).setNumSpikes(f.numSpikes())
                .setMpSoftrank(f.mpSoftrank()).setWScale(f.wScale()).setTracyWidom(f.tracyWidom())
                .setSuccess(f.status() == FitStatus.SUCCESS).build();
    }

    private static Randomized randomized(RandomizedEsd z) {
        return Randomized.newBuilder().setMaxRandEval(z.maxRandEval()).setRandDistance(z.randDistance())
                .setWwSoftrank(z.wwSoftrank()).setWwMaxdist(z.wwMaxdist()).setRandMpFit(mp(z.randMpFit())).build();
    }
}
