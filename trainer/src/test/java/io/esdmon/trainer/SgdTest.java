package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Two hand-computed steps of PyTorch-style SGD with momentum and weight decay. */
class SgdTest {

    @Test
    void momentumAndWeightDecayFollowTorchOptimSgd() {
        DenseLayer l = new DenseLayer("fc1", 1, 1, new SplittableRandom(1));
        l.weightsInOut()[0] = 1.0f;
        l.bias()[0] = 0.0f;
        Sgd sgd = new Sgd(List.of(l), 0.1, 0.9, 0.5);
        l.gradWeights()[0] = 2.0f;
        sgd.step(List.of(l));
        // g = 2 + 0.5·1 = 2.5, v = 2.5, w = 1 − 0.25 = 0.75
        assertEquals(0.75f, l.weightsInOut()[0], 1e-7);
        assertEquals(0f, l.gradWeights()[0]);
        l.gradWeights()[0] = 2.0f;
        sgd.step(List.of(l));
        // g = 2 + 0.375 = 2.375, v = 0.9·2.5 + 2.375 = 4.625, w = 0.75 − 0.4625 = 0.2875
        assertEquals(0.2875f, l.weightsInOut()[0], 1e-6);
    }

    @Test
    void plainSgdWithoutMomentum() {
        DenseLayer l = new DenseLayer("fc1", 1, 1, new SplittableRandom(1));
        l.weightsInOut()[0] = 1.0f;
        Sgd sgd = new Sgd(List.of(l), 0.1, 0, 0);
        l.gradWeights()[0] = 2.0f;
        sgd.step(List.of(l));
        assertEquals(0.8f, l.weightsInOut()[0], 1e-7);
    }
}
