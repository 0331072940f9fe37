package io.esdmon.engine.eigen;

import java.nio.DoubleBuffer;

/**
 * Scratch space for the spectra of {@code rows × cols} matrices: holds one float64 matrix
 * (row-major) at a time and computes its eigenvalues. Reused across the slices and shuffles of a
 * layer; not thread-safe. Close it to free native memory at once.
 */
public abstract sealed class SliceWorkspace implements AutoCloseable permits NativeWorkspace, JavaWorkspace {

    protected final int rows;
    protected final int cols;
    protected final int m;

    protected SliceWorkspace(int rows, int cols) {
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix has more than 2^31 elements; "
                    + "such a layer is beyond this engine (lower maxN/maxEvals to skip it)");
        }
        this.rows = rows;
        this.cols = cols;
        this.m = Math.min(rows, cols);
    }

    /** The loaded matrix, row-major; may be permuted in place (the shuffled-weights ESD). */
    public abstract DoubleBuffer values();

    /** Loads slice k of a layer. */
    public void load(WeightSlices slices, int k) {
        slices.copySlice(k, values());
    }

    /**
     * Eigenvalues of the M×M Gram matrix of the loaded matrix (WᵀW if tall, WWᵀ if wide), ascending.
     * The loaded matrix is left unchanged.
     */
    public abstract double[] gramEigenvalues();

    /**
     * Singular values of the loaded matrix, ascending. Destroys the loaded matrix: load again
     * before the next computation.
     */
    public abstract double[] singularValues();

    /** Which path {@link #gramEigenvalues()} takes. */
    public abstract EigenPath gramPath();

    /** Which path {@link #singularValues()} takes. */
    public abstract EigenPath svdPath();

    @Override
    public abstract void close();

    /** Reverses an array in place (LAPACK returns singular values descending). */
    static double[] ascending(double[] descending) {
        for (int i = 0, j = descending.length - 1; i < j; i++, j--) {
            double t = descending[i];
            descending[i] = descending[j];
            descending[j] = t;
        }
        return descending;
    }
}
