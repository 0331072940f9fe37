package io.esdmon.engine.randomize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Matrices;
import io.esdmon.engine.reference.WeightWatcherReference;
import io.esdmon.engine.testutil.Npy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShuffledSpectraTest {

    private final ShuffledSpectra spectra = new ShuffledSpectra(new EigenSolver(EigenSettings.defaults()));

    private static double sum(double[] a) {
        return Arrays.stream(a).sum();
    }

    @Test
    void shufflingKeepsTheTraceAndIsReproducible() {
        Weights w = Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024");
        var a = spectra.compute(w, ConvScaling.WEIGHTWATCHER, RandomDistance.SAME_SHUFFLE, 12345L);
        var b = spectra.compute(w, ConvScaling.WEIGHTWATCHER, RandomDistance.SAME_SHUFFLE, 12345L);
        assertArrayEquals(a.randEvals(), b.randEvals(), 0.0);
        assertEquals(512, a.randEvals().length);
        // Σλ = ‖W‖²_F is invariant under any permutation of the entries
        double trace = sum(new SpectrumCalculator(new EigenSolver(EigenSettings.defaults()))
                .compute(w, ConvScaling.WEIGHTWATCHER, 1e-6).evals());
        assertEquals(trace, sum(a.randEvals()), 1e-10 * trace);
        assertArrayEquals(a.randEvals(), a.distanceEvals(), 0.0);
        var c = spectra.compute(w, ConvScaling.WEIGHTWATCHER, RandomDistance.SAME_SHUFFLE, 1L);
        assertFalse(Arrays.equals(a.randEvals(), c.randEvals()));
    }

    @Test
    void shuffledTrainedLayerLooksLikeWeightWatchersShuffle() {
        // WW's own shuffle is unseeded; a fresh shuffle should land close to its top eigenvalue
        Weights w = Npy.referenceMatrix("mlp_bs8_ep150_fc2_512x1024");
        var a = spectra.compute(w, ConvScaling.WEIGHTWATCHER, RandomDistance.SAME_SHUFFLE, 7L);
        double wwMax = WeightWatcherReference.cases("mlp_bs8_ep150_fc2_512x1024", "mp_rand_detx").get(0)
                .num("max_rand_eval");
        double ours = a.randEvals()[a.randEvals().length - 1];
        assertEquals(wwMax, ours, 0.05 * wwMax);
    }

    @Test
    void freshShuffleIsASecondIndependentDraw() {
        Weights w = Weights.dense("fc", 300, 150, Matrices.gaussian(300, 150, 3));
        var r = spectra.compute(w, ConvScaling.NONE, RandomDistance.FRESH_SHUFFLE, 9L);
        assertEquals(150, r.distanceEvals().length);
        assertFalse(Arrays.equals(r.randEvals(), r.distanceEvals()));
        assertEquals(sum(r.randEvals()), sum(r.distanceEvals()), 1e-10 * sum(r.randEvals()));
    }

    @Test
    void smallLayersPoolFiveReplicasAndReuseTheFirstForDistance() {
        // conv 12×8×3×3: M·rf = 72 < 100 → 5 replicas of 72
        Weights w = new Weights("conv", LayerKind.CONV2D, new int[] {12, 8, 3, 3},
                new WeightValues.F64(Matrices.gaussian(12 * 8, 9, 5)));
        var r = spectra.compute(w, ConvScaling.WEIGHTWATCHER, RandomDistance.SAME_SHUFFLE, 4L);
        assertEquals(360, r.randEvals().length);
        assertEquals(72, r.distanceEvals().length);
        for (double d : r.distanceEvals()) {
            assertTrue(Arrays.binarySearch(r.randEvals(), d) >= 0, "distance spectrum is one of the replicas");
        }
        double trace = Arrays.stream(Matrices.gaussian(12 * 8, 9, 5)).map(x -> x * x).sum() * 0.5;
        assertEquals(5 * trace, sum(r.randEvals()), 1e-10 * trace);
        assertEquals(trace, sum(r.distanceEvals()), 1e-10 * trace);
    }
}
