package io.esdmon.engine.eigen;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands out workspaces of the configured backend; cheap to create, thread-safe. */
public final class EigenSolver {

    private static final Logger LOG = LoggerFactory.getLogger(EigenSolver.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final boolean nativeBackend;

    public EigenSolver(EigenSettings settings) {
        var failure = NativeLapack.loadFailure();
        nativeBackend = switch (settings.backend()) {
            case JAVA -> false;
            case NATIVE -> {
                if (failure.isPresent()) {
                    throw new IllegalStateException("the native OpenBLAS/LAPACK libraries could not be loaded ("
                            + failure.get() + "); use EigenBackend.AUTO or JAVA, or run on linux-x86_64 with the "
                            + "org.bytedeco openblas and javacpp natives on the class path", failure.get());
                }
                yield true;
            }
            case AUTO -> {
                if (failure.isPresent() && FALLBACK_LOGGED.compareAndSet(false, true)) {
                    LOG.warn("native OpenBLAS/LAPACK unavailable ({}); using the pure-Java eigensolver, "
                            + "about 10x slower on large layers", failure.get().toString());
                }
                yield failure.isEmpty();
            }
        };
        if (nativeBackend) {
            NativeLapack.useThreads(settings.nativeThreads());
        }
    }

    /** Whether this solver uses native LAPACK. */
    public boolean isNative() {
        return nativeBackend;
    }

    /** A workspace for {@code rows × cols} matrices; close it when done. */
    public SliceWorkspace workspace(int rows, int cols) {
        return nativeBackend ? new NativeWorkspace(rows, cols) : new JavaWorkspace(rows, cols);
    }
}
