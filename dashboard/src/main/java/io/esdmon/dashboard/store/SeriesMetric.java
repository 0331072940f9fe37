package io.esdmon.dashboard.store;

import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The metrics kept per step in a layer's series, named after WeightWatcher's columns. A metric that
 * an analysis lacks (a skipped layer, an option turned off, a failed fit) is NaN.
 */
public enum SeriesMetric {
    ALPHA(metrics(m -> m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0 ? m.getPowerLaw().getAlpha() : Double.NaN)),
    ALPHA_WEIGHTED(metrics(m -> m.hasNorms() && m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0
            ? m.getNorms().getAlphaWeighted() : Double.NaN)),
    NUM_PL_SPIKES(metrics(m -> m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0 ? m.getPowerLaw().getNumPlSpikes()
            : Double.NaN)),
    STABLE_RANK(metrics(m -> m.hasNorms() ? m.getNorms().getStableRank() : Double.NaN)),
    LOG_SPECTRAL_NORM(metrics(m -> m.hasNorms() ? m.getNorms().getLogSpectralNorm() : Double.NaN)),
    ENTROPY(metrics(m -> m.hasNorms() ? m.getNorms().getEntropy() : Double.NaN)),
    MP_SOFTRANK(metrics(m -> fitted(m.hasMpFit(), m.getMpFit()) ? m.getMpFit().getMpSoftrank() : Double.NaN)),
    NUM_SPIKES(metrics(m -> fitted(m.hasMpFit(), m.getMpFit()) ? m.getMpFit().getNumSpikes() : Double.NaN)),
    /** Spikes of the engine's MP fit to the shuffled weights' ESD (WeightWatcher's rand_num_spikes). */
    NUM_RAND_SPIKES(metrics(m -> m.hasRandomized() && m.getRandomized().getRandMpFit().getSuccess()
            ? m.getRandomized().getRandMpFit().getNumSpikes() : Double.NaN)),
    RAND_DISTANCE(metrics(m -> m.hasRandomized() ? m.getRandomized().getRandDistance() : Double.NaN)),
    /**
     * The phase classifier's correlation traps (eigenvalues of the shuffled weights beyond the shuffled ESD's
     * own MP edge); NaN when not counted (spectrum-only snapshots, unclassified layers).
     */
    CORRELATION_TRAPS(a -> a.getPhase().hasCorrelationTraps() ? a.getPhase().getCorrelationTraps() : Double.NaN);

    private static final SeriesMetric[] ALL = values();

    private final ToDoubleFunction<LayerAnalysis> extractor;

    SeriesMetric(ToDoubleFunction<LayerAnalysis> extractor) {
        this.extractor = extractor;
    }

    /** The WeightWatcher column name, e.g. {@code mp_softrank}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This metric of an analysis, NaN when the analysis does not have it. */
    public double of(LayerAnalysis a) {
        return extractor.applyAsDouble(a);
    }

    /** The metric with this column name. */
    public static Optional<SeriesMetric> byColumn(String column) {
        for (SeriesMetric m : ALL) {
            if (m.column().equals(column)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Every metric, in declaration order (the same array each time; do not modify). */
    static SeriesMetric[] all() {
        return ALL;
    }

    /** A value of the engine's metrics; NaN for an analysis without them (a skipped layer). */
    private static ToDoubleFunction<LayerAnalysis> metrics(ToDoubleFunction<Metrics> value) {
        return a -> a.hasMetrics() ? value.applyAsDouble(a.getMetrics()) : Double.NaN;
    }

    private static boolean fitted(boolean present, MarchenkoPastur mp) {
        return present && mp.getSuccess();
    }
}
