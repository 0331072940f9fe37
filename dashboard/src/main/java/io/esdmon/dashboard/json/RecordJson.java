package io.esdmon.dashboard.json;

import com.google.protobuf.Timestamp;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.PhaseCode;
import io.esdmon.dashboard.store.SeriesMetric;
import io.esdmon.dashboard.store.StoredTransition;
import io.esdmon.proto.EsdHistogram;
import io.esdmon.proto.Evidence;
import io.esdmon.proto.FitCurves;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import io.esdmon.proto.PhaseAssessment;
import io.esdmon.proto.PhaseTransition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * JSON of the Kafka records for the browser. Field names of metrics are WeightWatcher's columns;
 * numbers that are not finite become null (JSON has no NaN).
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** A finite number, or null. */
    public static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The compact form of an analysis that live events carry: identity, phase and the series metrics. */
    public static JsonObject analysisCompact(LayerAnalysis a) {
        JsonObject o = identity(a.getLayerStep()).put("analysisId", a.getAnalysisId())
                .put("version", HistoryStore.versionOf(a)).put("phase", PhaseCode.name(PhaseCode.of(a)));
        JsonObject m = new JsonObject();
        for (SeriesMetric metric : SeriesMetric.values()) {
            double v = metric.of(a);
            if (Double.isFinite(v)) {
                m.put(metric.column(), v);
            }
        }
        return o.put("metrics", m);
    }

    /**
     * Everything in an analysis: metrics, the phase verdict and its evidence, ESD histogram and fitted curves.
     * {@code phase} is the phase the dashboard shows (the tracked one, else the snapshot's own); the verdict
     * says both.
     */
    public static JsonObject analysisFull(LayerAnalysis a) {
        JsonObject o = analysisCompact(a).put("tags", new JsonObject(new java.util.TreeMap<>(a.getLayerStep().getTagsMap())))
                .put("configId", a.getConfigId()).put("snapshotId", a.getSnapshotId())
                .put("analyzedAt", millis(a.getAnalyzedAt())).put("engineMillis", a.getEngineNanos() / 1e6)
                .put("spectrum", new JsonObject().put("n", a.getSpectrum().getN()).put("m", a.getSpectrum().getM())
                        .put("rf", a.getSpectrum().getRf()).put("q", number(a.getSpectrum().getQ()))
                        .put("num_evals", a.getSpectrum().getNumEvals()).put("sv_max", number(a.getSpectrum().getSvMax()))
                        .put("eigen_path", a.getSpectrum().getEigenPath()))
                .put("classifierConfigId", a.getPhase().getClassifierConfigId())
                .put("verdict", verdict(a.getPhase()))
                .put("evidence", evidence(a.getPhase().getEvidenceList()));
        if (a.hasSkipped()) {
            o.put("skipped", new JsonObject().put("reason", a.getSkipped().getReason())
                    .put("detail", a.getSkipped().getDetail()));
        }
        if (a.hasMetrics()) {
            o.put("fit", fit(a.getMetrics()));
        }
        if (a.hasEsd()) {
            o.put("esd", histogram(a.getEsd(), a.getSpectrum().getNumEvals()));
        }
        if (a.hasCurves()) {
            o.put("curves", curves(a.getCurves()));
        }
        return o;
    }

    /** A transition with its evidence. */
    public static JsonObject transition(StoredTransition st) {
        PhaseTransition t = st.transition();
        return identity(t.getLayerStep()).put("transitionId", t.getTransitionId()).put("from", t.getFromPhase())
                .put("to", t.getToPhase()).put("firstStep", t.getFirstStep())
                .put("lastStepBefore", t.getLastStepBefore()).put("analysisId", t.getAnalysisId())
                .put("time", st.timeMs()).put("evidence", evidence(t.getEvidenceList()))
                .put("version", HistoryStore.versionOf(t)).put("replay", st.origin().isReplay()
                        ? st.origin().replayId() : null);
    }

    /** Epoch milliseconds of a timestamp, or null when unset. */
    public static Long millis(Timestamp t) {
        if (t.getSeconds() == 0 && t.getNanos() == 0) {
            return null;
        }
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    private static JsonObject identity(LayerStep s) {
        return new JsonObject().put("run", s.getRunId()).put("layer", s.getLayer())
                .put("layerIndex", s.getLayerIndex()).put("kind", s.getKind().name()).put("step", s.getStep())
                .put("epoch", s.getEpoch()).put("wallTime", millis(s.getWallTime()));
    }

    /**
     * The classifier's verdict on this snapshot: its own phase ({@code rawPhase}), the layer's tracked phase
     * after it (empty before the first determined phase), the deciding rule, the margin in standard errors,
     * and the correlation traps (null when not counted: a spectrum-only snapshot).
     */
    private static JsonObject verdict(PhaseAssessment p) {
        return new JsonObject().put("rawPhase", p.getPhase()).put("trackedPhase", p.getTrackedPhase())
                .put("rule", p.getRule()).put("margin", number(p.getMargin()))
                .put("correlationTraps", p.hasCorrelationTraps() ? p.getCorrelationTraps() : null);
    }

    private static JsonArray evidence(List<Evidence> list) {
        JsonArray out = new JsonArray();
        for (Evidence e : list) {
            JsonObject o = new JsonObject().put("signal", e.getSignal()).put("value", number(e.getValue()))
                    .put("decisive", e.getDecisive()).put("note", e.getNote());
            if (!e.getRelation().isEmpty()) {
                o.put("relation", e.getRelation()).put("threshold", number(e.getThreshold()))
                        .put("margin", number(e.getMargin()));
                if (e.getRelation().equals("in")) {
                    o.put("thresholdHigh", number(e.getThresholdHigh()));
                }
            }
            out.add(o);
        }
        return out;
    }

    /** The fit parameters the ESD plot marks: MP edges and the power-law range. */
    private static JsonObject fit(Metrics m) {
        JsonObject o = new JsonObject();
        if (m.hasPowerLaw()) {
            o.put("alpha", number(m.getPowerLaw().getAlpha())).put("xmin", number(m.getPowerLaw().getXmin()))
                    .put("xmax", number(m.getPowerLaw().getXmax())).put("D", number(m.getPowerLaw().getD()))
                    .put("sigma", number(m.getPowerLaw().getSigma()))
                    .put("num_pl_spikes", m.getPowerLaw().getNumPlSpikes())
                    .put("pl_success", m.getPowerLaw().getSuccess()).put("warning", m.getPowerLaw().getWarning());
        }
        if (m.hasNorms()) {
            o.put("lambda_max", number(m.getNorms().getLambdaMax())).put("norm", number(m.getNorms().getNorm()))
                    .put("matrix_rank", m.getNorms().getMatrixRank()).put("rank_loss", m.getNorms().getRankLoss());
        }
        if (m.hasMpFit()) {
            MarchenkoPastur mp = m.getMpFit();
            o.put("mp_success", mp.getSuccess()).put("bulk_min", number(mp.getBulkMin()))
                    .put("bulk_max", number(mp.getBulkMax())).put("sigma_mp", number(mp.getSigmaMp()))
                    .put("num_spikes", mp.getNumSpikes());
        }
        return o;
    }

    private static JsonObject histogram(EsdHistogram h, int numEvals) {
        return new JsonObject().put("log10_lo", h.getLog10Lo()).put("log10_hi", h.getLog10Hi())
                .put("counts", new JsonArray(List.copyOf(h.getCountsList()))).put("below", h.getBelow())
                .put("num_evals", numEvals);
    }

    private static JsonObject curves(FitCurves c) {
        return new JsonObject().put("grid", doubles(c.getGridList())).put("mp", doubles(c.getMpDensityList()))
                .put("pl", doubles(c.getPlDensityList()));
    }

    private static JsonArray doubles(List<Double> values) {
        JsonArray out = new JsonArray();
        for (double v : values) {
            out.add(number(v));
        }
        return out;
    }
}
