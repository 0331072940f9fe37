package io.esdmon.engine.eigen;

import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_full;

/** Loads OpenBLAS (with LAPACK) from the bytedeco jars once, and sets its thread count. */
final class NativeLapack {

    private static final Throwable LOAD_FAILURE = load();
    private static int threads = -1;

    private NativeLapack() {
    }

    private static Throwable load() {
        try {
            Loader.load(openblas_full.class);
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }

    /** Why the natives could not be loaded, or empty when they are usable. */
    static Optional<Throwable> loadFailure() {
        return Optional.ofNullable(LOAD_FAILURE);
    }

    /** Sets OpenBLAS's process-wide thread count (a no-op when unchanged). */
    static synchronized void useThreads(int n) {
        if (n != threads) {
            openblas_full.openblas_set_num_threads(n);
            threads = n;
        }
    }
}
