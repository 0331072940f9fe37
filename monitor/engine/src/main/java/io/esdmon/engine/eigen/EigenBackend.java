package io.esdmon.engine.eigen;

/** Which linear algebra computes eigenvalues and singular values. */
public enum EigenBackend {
    /** Native OpenBLAS/LAPACK when its libraries load, otherwise pure Java (logged once). */
    AUTO,
    /** Native OpenBLAS/LAPACK only; fails if the natives cannot load. */
    NATIVE,
    /** Pure Java (ojAlgo), about ten times slower on large layers; needs no native code. */
    JAVA
}
