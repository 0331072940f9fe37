package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AscendingEvalsTest {

    @Test
    void acceptsSortedNonNegativeValuesWithTies() {
        double[] ok = {0, 0, 1e-300, 2, 2, 7};
        assertSame(ok, AscendingEvals.require(ok, "evals"));
    }

    @Test
    void messagesNameTheProblemAndTheFix() {
        assertMessage(null, "empty");
        assertMessage(new double[0], "empty");
        assertMessage(new double[] {1, Double.POSITIVE_INFINITY}, "finite");
        assertMessage(new double[] {-1e-12, 1}, "clamp");
        assertMessage(new double[] {1, 3, 2}, "sort the eigenvalues ascending");
    }

    private static void assertMessage(double[] evals, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AscendingEvals.require(evals, "evals"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
