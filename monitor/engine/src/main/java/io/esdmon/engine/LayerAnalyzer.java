package io.esdmon.engine;

import io.esdmon.engine.detx.DetX;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.mp.MpFitter;
import io.esdmon.engine.norms.NormMetrics;
import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.engine.powerlaw.PowerLawFitter;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.engine.randomize.ShuffledSpectra;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.engine.tensor.WeightChecks;
import io.esdmon.engine.tensor.Weights;
import java.util.Optional;

/**
 * Analyzes one layer at a time, in WeightWatcher's order: size filters → spectrum → power law →
 * MP fit → randomized ESD → detX → norms. Thread-safe; the same weights and options give
 * bit-identical results on the same machine and thread count (shuffles are seeded from
 * {@link AnalysisOptions#seed()} and the layer name).
 */
public final class LayerAnalyzer {

    private final AnalysisOptions options;
    private final SpectrumCalculator spectra;
    private final ShuffledSpectra shuffles;

    /** An analyzer on the default solver: native OpenBLAS if it loads, one thread per call. */
    public LayerAnalyzer(AnalysisOptions options) {
        this(options, EigenSettings.defaults());
    }

    public LayerAnalyzer(AnalysisOptions options, EigenSettings settings) {
        if (options == null || settings == null) {
            throw new IllegalArgumentException("options and settings are required");
        }
        this.options = options;
        EigenSolver solver = new EigenSolver(settings);
        this.spectra = new SpectrumCalculator(solver);
        this.shuffles = new ShuffledSpectra(solver);
    }

    public AnalysisOptions options() {
        return options;
    }

    /**
     * Analyzes a layer's weights, or reports why it is skipped (decided from the shape alone).
     *
     * @throws IllegalArgumentException if a weight is NaN or infinite, or the layer is all zeros
     */
    public LayerResult analyze(Weights weights) {
        Optional<SkippedLayer> skipped = SkipRules.check(weights.name(), weights.kind(), LayerShape.of(weights),
                options);
        if (skipped.isPresent()) {
            return skipped.get();
        }
        WeightChecks.requireFinite(weights);
        Spectrum spectrum = spectra.compute(weights, options.convScaling(), options.weakRankTolerance());
        requireNonZero(weights.name(), spectrum);
        return metrics(weights.name(), weights.kind(), spectrum, Optional.of(weights));
    }

    /**
     * Analyzes a spectrum computed elsewhere (a trainer that publishes eigenvalues instead of
     * weights): the pooled, conv-scaled eigenvalues λ = σ² of a layer with slices of N×M. The
     * randomized metrics need the weights and are left empty; ranks are computed from these λ
     * (see {@link SpectrumCalculator#provided}). The size filters are not applied: call
     * {@link SkipRules#check} first to apply them.
     *
     * @throws IllegalArgumentException if the eigenvalues do not fit the shape, are not finite,
     *                                  are clearly negative, or are all zero
     */
    public LayerAnalysis analyzeSpectrum(String layer, LayerKind kind, double[] evals, int n, int m, int rf) {
        Spectrum spectrum = SpectrumCalculator.provided(layer, evals, n, m, rf);
        requireNonZero(layer, spectrum);
        return metrics(layer, kind, spectrum, Optional.empty());
    }

    private LayerAnalysis metrics(String layer, LayerKind kind, Spectrum spectrum, Optional<Weights> weights) {
        double[] evals = spectrum.evals();
        PowerLawFit powerLaw = PowerLawFitter.fit(evals, options.plFloor(), options.fixFingers());
        Optional<MpFit> mpFit = options.mpFit()
                ? Optional.of(MpFitter.fit(evals, spectrum.n(), spectrum.m()))
                : Optional.empty();
        Optional<RandomizedEsd> randomized = weights.filter(w -> options.randomize()).map(w -> randomized(w, spectrum));
        Optional<DetX> detX = options.detX() ? Optional.of(DetX.of(evals)) : Optional.empty();
        NormMetrics norms = NormMetrics.of(spectrum, powerLaw.alpha(), options.weakRankTolerance());
        return new LayerAnalysis(layer, kind, spectrum, powerLaw, norms, mpFit, randomized, detX);
    }

    private RandomizedEsd randomized(Weights weights, Spectrum spectrum) {
        ShuffledSpectra.Result r = shuffles.compute(weights, options.convScaling(), options.randomDistance(),
                options.seed());
        return RandomizedEsd.of(spectrum.evals(), r.randEvals(), r.distanceEvals(), spectrum.n(), spectrum.m());
    }

    private static void requireNonZero(String layer, Spectrum spectrum) {
        if (!(spectrum.lambdaMax() > 0)) {
            throw new IllegalArgumentException(layer + ": all eigenvalues are 0 (the weights are all zeros, e.g. a "
                    + "freshly initialised LoRA B matrix); there is no spectral density to analyze yet");
        }
    }
}
