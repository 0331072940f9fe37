package io.esdmon.engine.eigen;

/**
 * Solver settings: which backend, and how many OpenBLAS threads one call may use.
 *
 * <p>OpenBLAS's thread count is process-wide: the last native {@link EigenSolver} created sets it
 * for every caller. One thread is the server default: analyses run in parallel on a worker pool,
 * and OpenBLAS 0.3.31 with two threads on a loaded 2-core host turned erratic (4 s became 15–30 s).
 *
 * @param backend        which linear algebra to use
 * @param nativeThreads  OpenBLAS threads (≥ 1); ignored by the Java backend
 */
public record EigenSettings(EigenBackend backend, int nativeThreads) {

    public EigenSettings {
        if (backend == null) {
            throw new IllegalArgumentException("backend is required (AUTO, NATIVE or JAVA)");
        }
        if (nativeThreads < 1) {
            throw new IllegalArgumentException("nativeThreads must be >= 1, got " + nativeThreads);
        }
    }

    /** AUTO backend, one OpenBLAS thread. */
    public static EigenSettings defaults() {
        return new EigenSettings(EigenBackend.AUTO, 1);
    }
}
