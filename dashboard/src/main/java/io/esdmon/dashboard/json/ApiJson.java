package io.esdmon.dashboard.json;

import io.esdmon.dashboard.PhasePalette;
import io.esdmon.dashboard.store.LayerInfo;
import io.esdmon.dashboard.store.PhaseCode;
import io.esdmon.dashboard.store.RunSummary;
import io.esdmon.dashboard.store.SeriesSlice;
import io.esdmon.dashboard.store.StoredTransition;
import io.esdmon.dashboard.store.TimelineRow;
import io.esdmon.dashboard.store.VersionInfo;
import io.esdmon.dashboard.store.Versioned;
import io.esdmon.phases.Phase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** JSON of the REST answers. Each carries the live event id its state reflects ({@code eventId}). */
public final class ApiJson {

    private ApiJson() {
    }

    public static JsonObject runs(Versioned<List<RunSummary>> v) {
        JsonArray runs = new JsonArray();
        for (RunSummary r : v.value()) {
            JsonArray recent = new JsonArray();
            r.recentTransitions().forEach(t -> recent.add(RecordJson.transition(t)));
            runs.add(new JsonObject().put("run", r.run()).put("tags", new JsonObject(Map.copyOf(r.tags())))
                    .put("model", r.tags().get("model")).put("batchSize", r.tags().get("batch_size"))
                    .put("learningRate", r.tags().get("learning_rate")).put("firstStep", r.firstStep())
                    .put("lastStep", r.lastStep()).put("lastEpoch", r.lastEpoch()).put("lastUpdate", r.lastRecordMs())
                    .put("live", r.live()).put("layers", r.layers()).put("phases", new JsonObject(Map.copyOf(r.phaseCounts())))
                    .put("meanAlpha", RecordJson.number(r.meanAlpha())).put("analyses", r.analyses())
                    .put("recentTransitions", recent).put("versions", r.versions())
                    .put("primaryVersion", r.primaryVersion()));
        }
        return new JsonObject().put("eventId", v.eventId()).put("runs", runs);
    }

    /** A run's analysis versions, the primary one first. */
    public static JsonObject versions(String run, Versioned<List<VersionInfo>> v) {
        JsonArray out = new JsonArray();
        for (VersionInfo x : v.value()) {
            out.add(new JsonObject().put("id", x.id()).put("configId", x.configId())
                    .put("classifierConfigId", x.classifierConfigId()).put("tags", new JsonArray(x.tags()))
                    .put("replays", new JsonArray(x.replays())).put("monitor", x.monitor()).put("primary", x.primary())
                    .put("label", label(x)).put("layers", x.layers()).put("analyses", x.analyses())
                    .put("transitions", x.transitions()).put("firstStep", x.firstStep()).put("lastStep", x.lastStep())
                    .put("lastUpdate", x.lastRecordMs()));
        }
        return new JsonObject().put("eventId", v.eventId()).put("run", run).put("versions", out);
    }

    /** How a version is named in the page: "monitor" and/or its tags, then its ids. */
    static String label(VersionInfo v) {
        List<String> names = new java.util.ArrayList<>();
        if (v.monitor()) {
            names.add("monitor");
        }
        names.addAll(v.tags());
        if (names.isEmpty()) {
            names.add(v.replays().isEmpty() ? "untagged" : "replay " + v.replays().get(0));
        }
        return String.join(", ", names) + " (" + v.configId() + (v.classifierConfigId().isEmpty() ? ""
                : " / " + v.classifierConfigId()) + ")";
    }

    public static JsonObject layers(String run, Versioned<List<LayerInfo>> v) {
        JsonArray layers = new JsonArray();
        for (LayerInfo l : v.value()) {
            JsonObject latest = new JsonObject();
            l.latest().forEach((k, x) -> latest.put(k, RecordJson.number(x)));
            layers.add(new JsonObject().put("layer", l.layer()).put("layerIndex", l.layerIndex()).put("kind", l.kind())
                    .put("points", l.points()).put("thinned", l.thinned()).put("lastStep", l.lastStep())
                    .put("phase", l.phase()).put("latest", latest));
        }
        return new JsonObject().put("eventId", v.eventId()).put("run", run).put("layers", layers);
    }

    public static JsonObject series(String run, Versioned<List<SeriesSlice>> v) {
        JsonArray out = new JsonArray();
        for (SeriesSlice s : v.value()) {
            JsonArray steps = new JsonArray();
            JsonArray phases = new JsonArray();
            for (int i = 0; i < s.steps().length; i++) {
                steps.add(s.steps()[i]);
                phases.add(PhaseCode.name(s.phases()[i]));
            }
            JsonObject metrics = new JsonObject();
            s.metrics().forEach((name, values) -> {
                JsonArray a = new JsonArray();
                for (double x : values) {
                    a.add(RecordJson.number(x));
                }
                metrics.put(name, a);
            });
            out.add(new JsonObject().put("layer", s.layer()).put("steps", steps).put("phases", phases)
                    .put("metrics", metrics));
        }
        return new JsonObject().put("eventId", v.eventId()).put("run", run).put("series", out);
    }

    /**
     * Segments as parallel arrays of start steps and phase codes, runs of points with correlation traps as
     * parallel arrays of first and last steps, plus the run's transitions.
     */
    public static JsonObject timeline(String run, Versioned<List<TimelineRow>> rows,
            List<StoredTransition> transitions) {
        JsonArray out = new JsonArray();
        for (TimelineRow r : rows.value()) {
            JsonArray starts = new JsonArray();
            JsonArray codes = new JsonArray();
            for (int i = 0; i < r.starts().length; i++) {
                starts.add(r.starts()[i]);
                codes.add(r.phases()[i]);
            }
            out.add(new JsonObject().put("layer", r.layer()).put("layerIndex", r.layerIndex()).put("starts", starts)
                    .put("phases", codes).put("lastStep", r.lastStep()).put("trapStarts", longs(r.trapStarts()))
                    .put("trapEnds", longs(r.trapEnds())));
        }
        return new JsonObject().put("eventId", rows.eventId()).put("run", run).put("rows", out)
                .put("transitions", transitions(transitions));
    }

    private static JsonArray longs(long[] values) {
        JsonArray out = new JsonArray();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    public static JsonArray transitions(List<StoredTransition> list) {
        JsonArray out = new JsonArray();
        list.forEach(t -> out.add(RecordJson.transition(t)));
        return out;
    }

    /**
     * The legend: every phase with its code, label, one-line summary, colour and the outline its colour needs
     * (null for none), then the two extra codes.
     */
    public static JsonObject phases() {
        JsonArray out = new JsonArray();
        for (Phase p : Phase.values()) {
            out.add(new JsonObject().put("name", p.name()).put("code", p.code()).put("label", p.label())
                    .put("summary", p.summary()).put("color", PhasePalette.color(p))
                    .put("outline", PhasePalette.outline(p).orElse(null)));
        }
        out.add(new JsonObject().put("name", "UNCLASSIFIED").put("code", (int) PhaseCode.UNCLASSIFIED)
                .put("label", "Unclassified").put("summary", "the analysis carries no phase")
                .put("color", PhasePalette.UNCLASSIFIED));
        out.add(new JsonObject().put("name", "SKIPPED").put("code", (int) PhaseCode.SKIPPED).put("label", "Skipped")
                .put("summary", "the engine skipped the layer (too few or too many eigenvalues)")
                .put("color", PhasePalette.UNCLASSIFIED));
        return new JsonObject().put("phases", out);
    }
}
