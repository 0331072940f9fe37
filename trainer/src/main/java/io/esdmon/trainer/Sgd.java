package io.esdmon.trainer;

import java.util.List;

/**
 * Minibatch SGD with optional heavy-ball momentum and L2 weight decay, with PyTorch's
 * {@code torch.optim.SGD} semantics (dampening 0, no Nesterov, decay applied to biases too):
 * g ← ∇ + λ·w, v ← μ·v + g, w ← w − η·v. Also clears the gradient buffers for the next step.
 */
final class Sgd {

    private final float lr;
    private final float momentum;
    private final float weightDecay;
    private final float[][] velocity;

    Sgd(List<DenseLayer> layers, double lr, double momentum, double weightDecay) {
        this.lr = (float) lr;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.velocity = new float[2 * layers.size()][];
        if (momentum != 0) {
            for (int k = 0; k < layers.size(); k++) {
                velocity[2 * k] = new float[layers.get(k).gradWeights().length];
                velocity[2 * k + 1] = new float[layers.get(k).gradBias().length];
            }
        }
    }

    void step(List<DenseLayer> layers) {
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer l = layers.get(k);
            update(l.weightsInOut(), l.gradWeights(), velocity[2 * k]);
            update(l.bias(), l.gradBias(), velocity[2 * k + 1]);
        }
    }

    private void update(float[] w, float[] g, float[] v) {
        if (v == null) {
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * (g[j] + weightDecay * w[j]);
                g[j] = 0f;
            }
            return;
        }
        for (int j = 0; j < w.length; j++) {
            float vj = momentum * v[j] + g[j] + weightDecay * w[j];
            v[j] = vj;
            w[j] -= lr * vj;
            g[j] = 0f;
        }
    }
}
