package io.esdmon.engine.mp;

/**
 * How the MP σ was found: WeightWatcher's grid search and its Nelder–Mead polish (the
 * {@code mp_fit_trace} of the reference outputs).
 *
 * @param sigmaScale    s₀, the σ whose λ₊ is λ_max; the grid is s₀·(0.05, 0.06, …, &lt;2.0)
 * @param gridSigma     the grid optimum
 * @param gridResidual  the objective there
 * @param sigma         the polished σ (sigma_mp)
 * @param residual      the objective there
 */
public record SigmaTrace(double sigmaScale, double gridSigma, double gridResidual, double sigma, double residual) {
}
