package io.esdmon.engine.mp;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * One-dimensional Nelder–Mead set up as {@code scipy.optimize.fmin} with its defaults, which is
 * what {@code scipy.optimize.brute} uses to polish its grid optimum. Commons Math's
 * {@link NelderMeadSimplex} has scipy's coefficients (reflection 1, expansion 2, contraction ½,
 * shrink ½) and the same accept/contract/shrink rules. Set up like fmin:
 * <ul>
 * <li>initial simplex {x₀, 1.05·x₀} (x₀ = 0 starts at 0.00025), as fmin's nonzdelt/zdelt;</li>
 * <li>stop when the current simplex has max|x_i − x_best| ≤ 1e−4 and max|f_i − f_best| ≤ 1e−4
 * (fmin's xtol/ftol are absolute spreads within one simplex; Commons' stock checkers compare a
 * vertex with its previous position instead, hence {@link SpreadChecker});</li>
 * <li>at most 200 evaluations and 200 iterations (fmin's 200·N); when a limit is hit, the best
 * vertex so far is returned, as fmin does after its warning.</li>
 * </ul>
 * Remaining differences: fmin also tests convergence before its first iteration, while
 * SimplexOptimizer tests only after one (handled here by testing the start simplex first); and
 * the trial points are computed as c + k·(c − x_worst) rather than fmin's (1+k)·c − k·x_worst,
 * which can differ in the last bit.
 */
final class NelderMeadPolish {

    static final double XTOL = 1e-4;
    static final double FTOL = 1e-4;
    static final int MAX_CALLS = 200;
    private static final double NONZDELT = 0.05;
    private static final double ZDELT = 0.00025;

    record Minimum(double x, double value) {
    }

    private NelderMeadPolish() {
    }

    static Minimum minimize(DoubleUnaryOperator f, double x0) {
        double x1 = x0 != 0 ? (1 + NONZDELT) * x0 : ZDELT;
        double f0 = f.applyAsDouble(x0);
        double f1 = f.applyAsDouble(x1);
        if (Math.abs(x1 - x0) <= XTOL && Math.abs(f1 - f0) <= FTOL) {
            return f1 < f0 ? new Minimum(x1, f1) : new Minimum(x0, f0);
        }
        // step chosen so that x0 + step reproduces x1 bit for bit (the subtraction is exact)
        NelderMeadSimplex simplex = new NelderMeadSimplex(new double[] {x1 - x0});
        SimplexOptimizer optimizer = new SimplexOptimizer(new SpreadChecker(simplex));
        PointValuePair best;
        try {
            best = optimizer.optimize(new MaxEval(MAX_CALLS), new MaxIter(MAX_CALLS),
                    new ObjectiveFunction(p -> f.applyAsDouble(p[0])), GoalType.MINIMIZE,
                    new InitialGuess(new double[] {x0}), simplex);
        } catch (TooManyEvaluationsException | TooManyIterationsException e) {
            best = simplex.getPoint(0);
        }
        return new Minimum(best.getPoint()[0], best.getValue());
    }

    /** fmin's test on the whole current simplex; SimplexOptimizer asks once per vertex. */
    private static final class SpreadChecker implements ConvergenceChecker<PointValuePair> {

        private final NelderMeadSimplex simplex;

        SpreadChecker(NelderMeadSimplex simplex) {
            this.simplex = simplex;
        }

        @Override
        public boolean converged(int iteration, PointValuePair previous, PointValuePair current) {
            PointValuePair[] points = simplex.getPoints();
            double[] bestX = points[0].getPointRef();
            double bestF = points[0].getValue();
            for (int i = 1; i < points.length; i++) {
                double[] x = points[i].getPointRef();
                for (int k = 0; k < x.length; k++) {
                    if (Math.abs(x[k] - bestX[k]) > XTOL) {
                        return false;
                    }
                }
                if (Math.abs(points[i].getValue() - bestF) > FTOL) {
                    return false;
                }
            }
            return true;
        }
    }
}
