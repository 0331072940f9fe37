package io.esdmon.phases.tail;

import io.esdmon.engine.powerlaw.PowerLawFit;
import io.esdmon.phases.StandardNormal;
import io.esdmon.engine.powerlaw.PowerLawFitter;
import java.util.Optional;

/**
 * A power-law fit of the top of an ESD and the three checks that say whether the top really is a power
 * law: its KS distance, the likelihood ratio against a truncated power law, and whether λ_max is where
 * the fitted law puts the largest of n_tail values.
 *
 * @param fit          Clauset fit with at least minTail values in the tail
 * @param ksSqrtN      D·√n_tail, of order 1 for a power law whatever n_tail (Kolmogorov's scaling)
 * @param truncation   √(2·(ℓ_TPL − ℓ_PL)) ≥ 0: standard deviations by which a cut-off law fits better
 * @param topSigmas    where λ_max falls under the fitted law, as a standard normal quantile: 0 at the
 *                     law's median largest value, large negative when λ_max is too small (the tail ends
 *                     early), large positive when it is too large (a spike on top of the tail)
 */
public record PowerLawTail(PowerLawFit fit, double ksSqrtN, double truncation, double topSigmas) {

    /** The standard deviation of D·√n under a fitted power law, for margins on {@link #ksSqrtN}. */
    public static final double KS_SD = 0.26;

    /**
     * @param ascending  positive values, ascending
     * @param from       first index the xmin search may use
     * @param minTail    the fewest values a tail may have (≥ 3)
     * @return the tail, or empty when fewer than minTail values are given or no candidate has α &gt; 1
     */
    public static Optional<PowerLawTail> fit(double[] ascending, int from, int minTail) {
        return PowerLawFitter.fitTail(ascending, from, minTail).map(fit -> {
            int n = fit.numPlSpikes();
            int xminIndex = ascending.length - n;
            double lambdaMax = ascending[ascending.length - 1];
            // P(max ≤ λ_max) = (1 − (λ_max/xmin)^{1−α})^n ≈ exp(−u) under the fitted law
            double u = n * Math.pow(lambdaMax / fit.xmin(), 1 - fit.alpha());
            double below = Math.exp(-u);
            double top = below < 0.5 ? -StandardNormal.upperTailZ(below) : StandardNormal.upperTailZ(-Math.expm1(-u));
            return new PowerLawTail(fit, fit.D() * Math.sqrt(n),
                    Math.sqrt(TruncatedPowerLaw.likelihoodRatio(ascending, xminIndex)), top);
        });
    }

    public double alpha() {
        return fit.alpha();
    }

    public int size() {
        return fit.numPlSpikes();
    }

    /** The standard error of α, (α − 1)/√n_tail. */
    public double alphaError() {
        return fit.sigma();
    }
}
