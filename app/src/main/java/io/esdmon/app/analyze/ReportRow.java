package io.esdmon.app.analyze;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.formats.UnsupportedTensor;
import io.esdmon.phases.PhaseCall;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line of an analyze report: an analyzed layer, a layer the engine skipped by WeightWatcher's
 * size rules, or a tensor the file reader left out (a bias, an integer buffer, ...).
 */
sealed interface ReportRow {

    Path file();

    String layer();

    /** WeightWatcher's status column: success / failed for analyzed layers, else skipped / not_analyzed. */
    String status();

    /** Why the layer has no metrics; null for analyzed layers. */
    String skipReason();

    /** An analyzed layer with its phase. */
    record Analyzed(Path file, LayerAnalysis analysis, PhaseCall phase) implements ReportRow {
        public String layer() {
            return analysis.layer();
        }

        public String status() {
            return analysis.powerLaw().status().name().toLowerCase(Locale.ROOT);
        }

        public String skipReason() {
            return null;
        }
    }

    /** A layer outside the size limits (min_evals, max_evals, max_N). */
    record Skipped(Path file, SkippedLayer skipped) implements ReportRow {
        public String layer() {
            return skipped.layer();
        }

        public String status() {
            return "skipped";
        }

        public String skipReason() {
            return skipped.detail();
        }
    }

    /** A tensor that is not a 2-D or 4-D float weight. */
    record NotAnalyzed(UnsupportedTensor tensor) implements ReportRow {
        public Path file() {
            return tensor.file();
        }

        public String layer() {
            return tensor.name();
        }

        public String status() {
            return "not_analyzed";
        }

        public String skipReason() {
            return tensor.reason();
        }
    }

    /** WeightWatcher's layer_type spelling: dense, conv2d, embedding. */
    static String layerType(LayerKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
