package io.esdmon.app.analyze;

import static io.esdmon.app.analyze.Column.analysis;
import static io.esdmon.app.analyze.Column.detX;
import static io.esdmon.app.analyze.Column.evidence;
import static io.esdmon.app.analyze.Column.mp;
import static io.esdmon.app.analyze.Column.phase;
import static io.esdmon.app.analyze.Column.randomized;
import static io.esdmon.app.analyze.Column.row;
import static io.esdmon.app.analyze.Column.signal;

import io.esdmon.engine.AnalysisOptions;
import java.util.List;
import java.util.Optional;

/**
 * The columns of the analyze report, in output order: the single list the JSON and CSV writers
 * and the table draw from. Names are WeightWatcher's details columns (see
 * shared/reference/WEIGHTWATCHER.md), except {@code layer} and {@code file}, which replace its
 * model-specific layer_id / name / longname, and {@code skip_reason}.
 */
final class Columns {

    static final List<Column> ALL = List.of(
            row("layer", ReportRow::layer),
            row("file", r -> r.file().toString()),
            row("layer_type", Columns::layerType),
            row("N", r -> shape(r).map(s -> s[0]).orElse(null)),
            row("M", r -> shape(r).map(s -> s[1]).orElse(null)),
            row("Q", r -> shape(r).map(s -> (double) s[0] / s[1]).orElse(null)),
            row("rf", r -> shape(r).map(s -> s[2]).orElse(null)),
            analysis("num_evals", a -> a.spectrum().numEvals()),
            analysis("has_esd", a -> true),
            row("status", ReportRow::status),
            row("skip_reason", ReportRow::skipReason),
            analysis("warning", a -> a.powerLaw().warning()),
            // power-law fit of the ESD tail
            analysis("alpha", a -> a.powerLaw().alpha()),
            analysis("alpha_weighted", a -> a.norms().alphaWeighted()),
            analysis("D", a -> a.powerLaw().D()),
            analysis("xmin", a -> a.powerLaw().xmin()),
            analysis("xmax", a -> a.powerLaw().xmax()),
            analysis("sigma", a -> a.powerLaw().sigma()),
            analysis("num_pl_spikes", a -> a.powerLaw().numPlSpikes()),
            analysis("raw_alpha", Column.Group.FIX_FINGERS, a -> a.powerLaw().rawAlpha()),
            analysis("num_fingers", Column.Group.FIX_FINGERS, a -> a.powerLaw().numFingers()),
            // scale and rank
            analysis("norm", a -> a.norms().norm()),
            analysis("log_norm", a -> a.norms().logNorm()),
            analysis("spectral_norm", a -> a.norms().spectralNorm()),
            analysis("log_spectral_norm", a -> a.norms().logSpectralNorm()),
            analysis("lambda_max", a -> a.spectrum().lambdaMax()),
            analysis("log_alpha_norm", a -> a.norms().logAlphaNorm()),
            analysis("stable_rank", a -> a.norms().stableRank()),
            analysis("matrix_rank", a -> a.norms().matrixRank()),
            analysis("rank_loss", a -> a.norms().rankLoss()),
            analysis("weak_rank_loss", a -> a.norms().weakRankLoss()),
            analysis("entropy", a -> a.norms().entropy()),
            analysis("sv_max", a -> a.spectrum().svMax()),
            analysis("sv_min", a -> a.spectrum().svMin()),
            // Marchenko–Pastur fit of the bulk (mp_fit=True)
            mp("sigma_mp", m -> m.sigmaMp()),
            mp("bulk_min", m -> m.bulkMin()),
            mp("bulk_max", m -> m.bulkMax()),
            mp("num_spikes", m -> m.numSpikes()),
            mp("mp_softrank", m -> m.mpSoftrank()),
            mp("W_scale", m -> m.wScale()),
            // shuffled weights (randomize=True); rand_num_spikes counts correlation traps
            randomized("max_rand_eval", r -> r.maxRandEval()),
            randomized("rand_sigma_mp", r -> r.randMpFit().sigmaMp()),
            randomized("rand_bulk_min", r -> r.randMpFit().bulkMin()),
            randomized("rand_bulk_max", r -> r.randMpFit().bulkMax()),
            randomized("rand_num_spikes", r -> r.numRandSpikes()),
            randomized("rand_mp_softrank", r -> r.randMpFit().mpSoftrank()),
            randomized("rand_W_scale", r -> r.randMpFit().wScale()),
            randomized("rand_distance", r -> r.randDistance()),
            randomized("ww_softrank", r -> r.wwSoftrank()),
            randomized("ww_maxdist", r -> r.wwMaxdist()),
            // esdmon's count of them: shuffled eigenvalues beyond the robust MP edge of the shuffled ESD
            Column.correlationTraps("correlation_traps"),
            // detX constraint (detX=True)
            detX("detX_num", d -> d.detXNum()),
            detX("detX_val", d -> d.detXVal()),
            detX("detX_val_unrescaled", d -> d.detXValUnrescaled()),
            // the 5+1 phase and the evidence that decided it (docs/phases.md); not WeightWatcher columns
            phase("phase", c -> c.phase().name()),
            phase("phase_margin", c -> c.margin()),
            evidence("phase_rule", e -> e.rule().name()),
            signal("near_zero_fraction"),
            signal("bulk_misfit_sigmas"),
            signal("num_outliers"),
            signal("near_edge_share"),
            signal("top_edge_sigmas"),
            signal("top_separation"),
            signal("robust_bulk_min"),
            signal("robust_bulk_max"),
            signal("edge_sigma"),
            signal("mp_softrank"),
            signal("alpha"),
            signal("num_tail"),
            signal("tail_ks"),
            signal("tail_truncation"),
            signal("tail_top")
    );

    private Columns() {
    }

    /** The columns these options produce, in output order. */
    static List<Column> enabledBy(AnalysisOptions options) {
        return ALL.stream().filter(c -> c.group().enabledBy(options)).toList();
    }

    /** The column named {@code name}. */
    static Column named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no report column named " + name));
    }

    private static Object layerType(ReportRow row) {
        if (row instanceof ReportRow.Analyzed a) {
            return ReportRow.layerType(a.analysis().kind());
        }
        return row instanceof ReportRow.Skipped s ? ReportRow.layerType(s.skipped().kind()) : null;
    }

    /** (N, M, rf) where the row knows them. */
    private static Optional<int[]> shape(ReportRow row) {
        if (row instanceof ReportRow.Analyzed a) {
            var s = a.analysis().spectrum();
            return Optional.of(new int[] {s.n(), s.m(), s.rf()});
        }
        if (row instanceof ReportRow.Skipped s) {
            return Optional.of(new int[] {s.skipped().n(), s.skipped().m(), s.skipped().rf()});
        }
        return Optional.empty();
    }
}
