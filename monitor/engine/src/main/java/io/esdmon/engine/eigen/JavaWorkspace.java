package io.esdmon.engine.eigen;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.decomposition.SingularValue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Pure-Java workspace (ojAlgo's symmetric eigensolver and SVD). Holds the matrix on the heap:
 * 8·rows·cols bytes plus a few M×M arrays.
 */
final class JavaWorkspace extends SliceWorkspace {

    private final double[] matrix;
    private final DoubleBuffer view;

    JavaWorkspace(int rows, int cols) {
        super(rows, cols);
        matrix = new double[rows * cols];
        view = DoubleBuffer.wrap(matrix);
    }

    @Override
    public DoubleBuffer values() {
        return view;
    }

    @Override
    public double[] gramEigenvalues() {
        double[] gram = GramProduct.of(matrix, rows, cols);
        Eigenvalue<Double> evd = Eigenvalue.R064.make(m, true);
        if (!evd.computeValuesOnly(R064Store.wrap(gram, m))) {
            throw new ArithmeticException("ojAlgo's eigensolver failed on the " + m + "×" + m
                    + " Gram matrix of a " + rows + "×" + cols + " matrix");
        }
        double[] values = new double[m];
        evd.getEigenvalues(values, java.util.Optional.empty());
        Arrays.sort(values);
        return values;
    }

    @Override
    public double[] singularValues() {
        // the row-major rows × cols array read column-major is Wᵀ, which has W's singular values
        R064Store transposed = R064Store.wrap(matrix, cols);
        SingularValue<Double> svd = SingularValue.R064.make(transposed);
        if (!svd.computeValuesOnly(transposed)) {
            throw new ArithmeticException("ojAlgo's SVD failed on a " + rows + "×" + cols + " matrix");
        }
        double[] values = new double[m];
        svd.getSingularValues(values);
        Arrays.sort(values);
        return values;
    }

    @Override
    public EigenPath gramPath() {
        return EigenPath.GRAM_JAVA;
    }

    @Override
    public EigenPath svdPath() {
        return EigenPath.SVD_JAVA;
    }

    @Override
    public void close() {
        // heap memory only
    }
}
