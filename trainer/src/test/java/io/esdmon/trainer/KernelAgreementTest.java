package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One SGD step of the tiled, transposed, zero-skipping kernels against a textbook double-precision
 * implementation in PyTorch layout, on a batch whose size is not a multiple of the row tile.
 */
class KernelAgreementTest {

    @Test
    void trainingStepMatchesTextbookBackpropagation() {
        int[] sizes = {64, 40, 30, 10};
        int rows = 2 * DenseLayer.ROW_TILE + 5;
        Mlp net = new Mlp(sizes, 99L);
        List<Weights> before = net.weights();
        float[][] biases = net.layers().stream().map(DenseLayer::biasCopy).toArray(float[][]::new);

        Dataset digits = DigitsData.load();
        Workspace ws = net.newWorkspace(rows);
        int[] order = Shuffle.identity(digits.size());
        ws.load(digits, order, 100, rows);
        float[] input = ws.acts[0].clone();
        int[] labels = ws.labels.clone();

        net.forward(ws, rows);
        double loss = net.loss(ws, rows, true).lossSum() / rows;
        net.backward(ws, rows);
        double lr = 0.3;
        new Sgd(net.layers(), lr, 0, 0).step(net.layers());

        double[][] w = new double[sizes.length - 1][];
        double[][] b = new double[sizes.length - 1][];
        for (int k = 0; k < w.length; k++) {
            float[] f = ((WeightValues.F32) before.get(k).values()).data();
            w[k] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                w[k][j] = f[j];
            }
            b[k] = new double[biases[k].length];
            for (int j = 0; j < biases[k].length; j++) {
                b[k][j] = biases[k][j];
            }
        }
        double refLoss = textbookStep(sizes, w, b, input, labels, rows, lr);

        assertEquals(refLoss, loss, 1e-5);
        List<Weights> after = net.weights();
        for (int k = 0; k < w.length; k++) {
            float[] got = ((WeightValues.F32) after.get(k).values()).data();
            for (int j = 0; j < got.length; j++) {
                assertEquals(w[k][j], got[j], 1e-5, "fc" + (k + 1) + " weight " + j);
            }
            float[] gotBias = net.layers().get(k).biasCopy();
            for (int j = 0; j < gotBias.length; j++) {
                assertEquals(b[k][j], gotBias[j], 1e-5, "fc" + (k + 1) + " bias " + j);
            }
        }
    }

    /** Forward, mean cross-entropy, backward and one plain SGD step, written out loop by loop. */
    private static double textbookStep(int[] sizes, double[][] w, double[][] b, float[] input, int[] labels, int rows,
            double lr) {
        int layers = sizes.length - 1;
        double[][][] a = new double[layers + 1][rows][];
        for (int r = 0; r < rows; r++) {
            a[0][r] = new double[sizes[0]];
            for (int i = 0; i < sizes[0]; i++) {
                a[0][r][i] = input[r * sizes[0] + i];
            }
        }
        for (int k = 0; k < layers; k++) {
            for (int r = 0; r < rows; r++) {
                a[k + 1][r] = new double[sizes[k + 1]];
                for (int o = 0; o < sizes[k + 1]; o++) {
                    double z = b[k][o];
                    for (int i = 0; i < sizes[k]; i++) {
                        z += w[k][o * sizes[k] + i] * a[k][r][i];
                    }
                    a[k + 1][r][o] = k < layers - 1 ? Math.max(0, z) : z;
                }
            }
        }
        double loss = 0;
        double[][] delta = new double[rows][];
        for (int r = 0; r < rows; r++) {
            double[] z = a[layers][r];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            loss += Math.log(sum) - (z[labels[r]] - max);
            delta[r] = new double[z.length];
            for (int c = 0; c < z.length; c++) {
                delta[r][c] = (Math.exp(z[c] - max) / sum - (c == labels[r] ? 1 : 0)) / rows;
            }
        }
        for (int k = layers - 1; k >= 0; k--) {
            double[][] prev = new double[rows][sizes[k]];
            double[] gw = new double[w[k].length];
            double[] gb = new double[b[k].length];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < sizes[k + 1]; o++) {
                    gb[o] += delta[r][o];
                    for (int i = 0; i < sizes[k]; i++) {
                        gw[o * sizes[k] + i] += delta[r][o] * a[k][r][i];
                        prev[r][i] += delta[r][o] * w[k][o * sizes[k] + i];
                    }
                }
                for (int i = 0; i < sizes[k]; i++) {
                    if (a[k][r][i] <= 0) {
                        prev[r][i] = 0;
                    }
                }
            }
            for (int j = 0; j < gw.length; j++) {
                w[k][j] -= lr * gw[j];
            }
            for (int j = 0; j < gb.length; j++) {
                b[k][j] -= lr * gb[j];
            }
            delta = prev;
        }
        return loss / rows;
    }
}
