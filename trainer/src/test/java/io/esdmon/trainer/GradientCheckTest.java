package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Back-propagated gradients agree with central finite differences of the loss. */
class GradientCheckTest {

    private static final int ROWS = 3;
    private static final float EPS = 1e-3f;

    @Test
    void analyticGradientsMatchFiniteDifferencesInEveryLayer() {
        Mlp net = new Mlp(new int[] {6, 5, 4, 3}, 7L);
        Workspace ws = net.newWorkspace(ROWS);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < ROWS * 6; i++) {
            ws.acts[0][i] = (float) rng.nextDouble(-1, 1);
        }
        ws.labels[0] = 0;
        ws.labels[1] = 2;
        ws.labels[2] = 1;
        net.forward(ws, ROWS);
        net.loss(ws, ROWS, true);
        net.backward(ws, ROWS);

        int checked = 0;
        for (DenseLayer layer : net.layers()) {
            checked += check(net, ws, layer.weightsInOut(), layer.gradWeights().clone(), layer.name() + ".weight");
            checked += check(net, ws, layer.bias(), layer.gradBias().clone(), layer.name() + ".bias");
        }
        assertEquals(net.parameterCount(), checked);
    }

    private static int check(Mlp net, Workspace ws, float[] param, float[] analytic, String what) {
        int nonZero = 0;
        for (int j = 0; j < param.length; j++) {
            float saved = param[j];
            param[j] = saved + EPS;
            double up = meanLoss(net, ws);
            param[j] = saved - EPS;
            double down = meanLoss(net, ws);
            param[j] = saved;
            double numeric = (up - down) / (2 * EPS);
            double tolerance = 2e-3 + 1e-2 * Math.abs(numeric);
            assertEquals(numeric, analytic[j], tolerance, what + "[" + j + "]");
            if (Math.abs(numeric) > 1e-3) {
                nonZero++;
            }
        }
        assertTrue(nonZero > 0, what + ": every gradient is ~0, so the check would prove nothing");
        return param.length;
    }

    private static double meanLoss(Mlp net, Workspace ws) {
        net.forward(ws, ROWS);
        return net.loss(ws, ROWS, false).lossSum() / ROWS;
    }
}
