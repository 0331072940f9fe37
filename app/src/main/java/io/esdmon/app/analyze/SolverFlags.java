package io.esdmon.app.analyze;

import io.esdmon.engine.eigen.EigenBackend;
import io.esdmon.engine.eigen.EigenSettings;
import picocli.CommandLine.Option;

/** Command-line flags that choose the eigenvalue backend ({@link EigenSettings}); a picocli mixin. */
public final class SolverFlags {

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Eigenvalue backend: auto (native OpenBLAS/LAPACK, else pure Java), native, java "
                    + "(default: ${DEFAULT-VALUE}).")
    EigenBackend backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "OpenBLAS threads per eigenvalue computation (default: ${DEFAULT-VALUE}; more than the "
                    + "cores of a busy host slows it down).")
    int threads;

    /**
     * The settings these flags select.
     *
     * @throws IllegalArgumentException when --threads is below 1
     */
    public EigenSettings toSettings() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        return new EigenSettings(backend, threads);
    }
}
