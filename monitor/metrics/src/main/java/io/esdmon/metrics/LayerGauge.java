package io.esdmon.metrics;

import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.MarchenkoPastur;
import io.esdmon.proto.Metrics;
import java.util.function.ToDoubleFunction;

/**
 * The per-layer values exported as gauges labelled {@code run} and {@code layer}, each read from a
 * LayerAnalysis. A value the analysis does not have (skipped layer, failed fit, option off) is NaN,
 * never WeightWatcher's −1, so that comparisons such as {@code alpha < 2} stay false for it.
 */
enum LayerGauge {
    ALPHA("esdmon.layer.alpha", "Power-law exponent alpha of the ESD tail (WeightWatcher's alpha); NaN when the"
            + " fit failed", a -> a.getMetrics().hasPowerLaw() && a.getMetrics().getPowerLaw().getSuccess()
                    ? a.getMetrics().getPowerLaw().getAlpha() : Double.NaN),
    STABLE_RANK("esdmon.layer.stable.rank", "Stable rank: sum of eigenvalues over the largest",
            a -> a.getMetrics().hasNorms() ? a.getMetrics().getNorms().getStableRank() : Double.NaN),
    MP_SOFTRANK("esdmon.layer.mp.softrank", "MP soft rank: the Marchenko-Pastur bulk edge over the largest"
            + " eigenvalue; NaN when the MP fit failed", a -> mp(a.getMetrics(), MarchenkoPastur::getMpSoftrank)),
    SPIKES("esdmon.layer.spikes", "Eigenvalues beyond the MP bulk edge plus its Tracy-Widom margin (num_spikes)",
            a -> mp(a.getMetrics(), MarchenkoPastur::getNumSpikes)),
    CORRELATION_TRAPS("esdmon.layer.correlation.traps", "Correlation traps: eigenvalues of the shuffled weights"
            + " beyond the shuffled ESD's MP edge, as the phase classifier counts them; NaN for spectrum-only"
            + " snapshots and unclassified layers", a -> a.getPhase().hasCorrelationTraps()
                    ? a.getPhase().getCorrelationTraps() : Double.NaN),
    LOG_SPECTRAL_NORM("esdmon.layer.log.spectral.norm", "log10 of the largest eigenvalue",
            a -> a.getMetrics().hasNorms() ? a.getMetrics().getNorms().getLogSpectralNorm() : Double.NaN),
    ENTROPY("esdmon.layer.entropy", "Matrix entropy of the ESD, normalised by ln(matrix rank)",
            a -> a.getMetrics().hasNorms() ? a.getMetrics().getNorms().getEntropy() : Double.NaN),
    STEP("esdmon.layer.step", "Training step of the layer's newest analysis", a -> a.getLayerStep().getStep());

    private final String meterName;
    private final String help;
    private final ToDoubleFunction<LayerAnalysis> read;

    LayerGauge(String meterName, String help, ToDoubleFunction<LayerAnalysis> read) {
        this.meterName = meterName;
        this.help = help;
        this.read = read;
    }

    String meterName() {
        return meterName;
    }

    String help() {
        return help;
    }

    /** This gauge's value in an analysis; NaN for a skipped layer (except the step). */
    double read(LayerAnalysis a) {
        if (this != STEP && !a.hasMetrics()) {
            return Double.NaN;
        }
        return read.applyAsDouble(a);
    }

    private static double mp(Metrics m, ToDoubleFunction<MarchenkoPastur> value) {
        return m.hasMpFit() && m.getMpFit().getSuccess() ? value.applyAsDouble(m.getMpFit()) : Double.NaN;
    }
}
