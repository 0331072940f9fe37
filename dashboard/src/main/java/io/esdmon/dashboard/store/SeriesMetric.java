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
    ALPHA(m -> m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0 ? m.getPowerLaw().getAlpha() : Double.NaN),
    ALPHA_WEIGHTED(m -> m.hasNorms() && m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0
            ? m.getNorms().getAlphaWeighted() : Double.NaN),
    NUM_PL_SPIKES(m -> m.hasPowerLaw() && m.getPowerLaw().getAlpha() > 0 ? m.getPowerLaw().getNumPlSpikes()
            : Double.NaN),
    STABLE_RANK(m -> m.hasNorms() ? m.getNorms().getStableRank() : Double.NaN),
    LOG_SPECTRAL_NORM(m -> m.hasNorms() ? m.getNorms().getLogSpectralNorm() : Double.NaN),
    ENTROPY(m -> m.hasNorms() ? m.getNorms().getEntropy() : Double.NaN),
    MP_SOFTRANK(m -> fitted(m.hasMpFit(), m.getMpFit()) ? m.getMpFit().getMpSoftrank() : Double.NaN),
    NUM_SPIKES(m -> fitted(m.hasMpFit(), m.getMpFit()) ? m.getMpFit().getNumSpikes() : Double.NaN),
    /** Spikes of the shuffled weights' ESD: WeightWatcher's correlation traps. */
    NUM_RAND_SPIKES(m -> m.hasRandomized() && m.getRandomized().getRandMpFit().getSuccess()
            ? m.getRandomized().getRandMpFit().getNumSpikes() : Double.NaN),
    RAND_DISTANCE(m -> m.hasRandomized() ? m.getRandomized().getRandDistance() : Double.NaN);

    private static final SeriesMetric[] ALL = values();

    private final ToDoubleFunction<Metrics> extractor;

    SeriesMetric(ToDoubleFunction<Metrics> extractor) {
        this.extractor = extractor;
    }

    /** The WeightWatcher column name, e.g. {@code mp_softrank}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This metric of an analysis, NaN when the analysis does not have it. */
    public double of(LayerAnalysis a) {
        return a.hasMetrics() ? extractor.applyAsDouble(a.getMetrics()) : Double.NaN;
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

    private static boolean fitted(boolean present, MarchenkoPastur mp) {
        return present && mp.getSuccess();
    }
}
