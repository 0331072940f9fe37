package io.esdmon.engine;

import io.esdmon.engine.detx.DetX;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.norms.NormMetrics;
import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.engine.tensor.LayerKind;
import java.util.Optional;

/**
 * Every metric of one analyzed layer. The optional parts are empty when switched off in
 * {@link AnalysisOptions}, or when they need the weights and only a spectrum was given.
 */
public record LayerAnalysis(String layer, LayerKind kind, Spectrum spectrum, PowerLawFit powerLaw, NormMetrics norms,
        Optional<MpFit> mpFit, Optional<RandomizedEsd> randomized, Optional<DetX> detX) implements LayerResult {
}
