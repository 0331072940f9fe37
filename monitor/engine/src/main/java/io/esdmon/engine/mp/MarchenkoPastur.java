package io.esdmon.engine.mp;

/**
 * The Marchenko–Pastur law of the eigenvalues of WᵀW/N for an N×M matrix (Q = N/M) with i.i.d.
 * entries of variance σ², and, for Q = 1, the quarter-circle law of its singular values. Densities
 * are WeightWatcher's ({@code marchenko_pastur_fun}, {@code quarter_circle_fun}): zero outside the
 * support.
 */
public final class MarchenkoPastur {

    private MarchenkoPastur() {
    }

    /** The upper bulk edge λ₊ = (σ(1 + 1/√Q))². */
    public static double lambdaPlus(double sigma, double q) {
        double edge = sigma * (1 + 1 / Math.sqrt(q));
        return edge * edge;
    }

    /** The lower bulk edge λ₋ = (σ(1 − 1/√Q))². */
    public static double lambdaMinus(double sigma, double q) {
        double edge = sigma * (1 - 1 / Math.sqrt(q));
        return edge * edge;
    }

    /** The σ whose λ₊ equals {@code lambdaMax}: √(λmax) / (1 + 1/√Q) (WeightWatcher's calc_sigma). */
    public static double sigmaForEdge(double lambdaMax, double q) {
        double scale = 1 + 1 / Math.sqrt(q);
        return Math.sqrt(lambdaMax / (scale * scale));
    }

    /**
     * ρ(λ) = Q √((λ₊ − λ)(λ − λ₋)) / (2π σ² λ) on [λ₋, λ₊], 0 elsewhere. Integrates to 1 for Q ≥ 1.
     */
    public static double density(double lambda, double q, double sigma) {
        double b = lambdaPlus(sigma, q);
        double a = lambdaMinus(sigma, q);
        double radicand = (b - lambda) * (lambda - a);
        if (!(radicand >= 0) || lambda == 0) {
            return 0;
        }
        return 1 / (2 * Math.PI * sigma * sigma * lambda * (1 / q)) * Math.sqrt(radicand);
    }

    /** The quarter-circle law of singular values, ρ(ν) = √(4 − ν²) / (π σ²) on [0, 2], 0 elsewhere. */
    public static double quarterCircleDensity(double nu, double sigma) {
        double radicand = 4 - nu * nu;
        if (!(radicand >= 0)) {
            return 0;
        }
        return 1 / (Math.PI * sigma * sigma) * Math.sqrt(radicand);
    }
}
