package io.esdmon.engine.eigen;

/** How a spectrum's eigenvalues were obtained; reported with every analysis. */
public enum EigenPath {
    /** Symmetric eigensolver on the M×M Gram matrix, native LAPACK (OpenBLAS). */
    GRAM_NATIVE,
    /** Symmetric eigensolver on the Gram matrix, pure Java fallback. */
    GRAM_JAVA,
    /** Singular values of W itself, native LAPACK; used where the Gram route cannot resolve ranks. */
    SVD_NATIVE,
    /** Singular values of W itself, pure Java. */
    SVD_JAVA,
    /** Eigenvalues supplied by the caller (spectrum-only snapshots computed by the trainer). */
    PROVIDED
}
