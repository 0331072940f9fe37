package io.esdmon.engine.mp;

/**
 * Kernel density estimate with the triangular ("linear") kernel, as scikit-learn's
 * {@code KernelDensity(kernel='linear')}: ρ̂(t) = (1/(n h)) Σ_i max(0, 1 − |t − d_i|/h).
 */
public final class TriangularKde {

    private TriangularKde() {
    }

    /**
     * Evaluates ρ̂ at every grid point. Both arrays must be ascending; then each grid point only
     * visits the data within one bandwidth of it, which is O(n + grid) for a spread-out grid instead
     * of O(n · grid).
     *
     * @param data       sample, ascending
     * @param bandwidth  h &gt; 0
     * @param grid       evaluation points, ascending
     */
    public static double[] density(double[] data, double bandwidth, double[] grid) {
        if (data.length == 0 || !(bandwidth > 0)) {
            throw new IllegalArgumentException("KDE needs data and a positive bandwidth, got n=" + data.length
                    + ", h=" + bandwidth);
        }
        double norm = 1.0 / (data.length * bandwidth);
        double[] rho = new double[grid.length];
        int lo = 0;
        for (int j = 0; j < grid.length; j++) {
            double t = grid[j];
            while (lo < data.length && t - data[lo] >= bandwidth) {
                lo++;
            }
            double sum = 0;
            for (int i = lo; i < data.length && data[i] - t < bandwidth; i++) {
                double dist = Math.abs(t - data[i]);
                if (dist < bandwidth) {
                    sum += 1 - dist / bandwidth;
                }
            }
            rho[j] = sum * norm;
        }
        return rho;
    }
}
