package io.esdmon.engine.mp;

/**
 * WeightWatcher's Tracy–Widom allowance at the bulk edge: fluctuations of λ_max around λ₊ scale as
 * M^{−2/3}, so eigenvalues within √TW of λ₊ still belong to the bulk.
 */
public final class TracyWidom {

    private TracyWidom() {
    }

    /** TW = Q^{−1/2} · λ₊^{2/3} · M^{−2/3}, with M the smaller dimension of one slice. */
    public static double margin(double lambdaPlus, double q, int m) {
        return 1 / Math.sqrt(q) * Math.pow(lambdaPlus, 2.0 / 3) * Math.pow(m, -2.0 / 3);
    }

    /** λ₊ + √TW: eigenvalues strictly above it are spikes. */
    public static double spikeThreshold(double lambdaPlus, double q, int m) {
        return lambdaPlus + Math.sqrt(margin(lambdaPlus, q, m));
    }
}
