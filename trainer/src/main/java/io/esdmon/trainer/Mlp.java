package io.esdmon.trainer;

import io.esdmon.engine.tensor.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multi-layer perceptron: dense layers named fc1, fc2, … as PyTorch's {@code nn.Linear} modules
 * would be, a ReLU after every layer but the last, and a softmax cross-entropy loss.
 */
public final class Mlp {

    private final int[] sizes;
    private final DenseLayer[] layers;
    private final List<DenseLayer> layerList;

    /** A network with the given layer widths (input first, classes last), initialised from {@code seed}. */
    public Mlp(int[] sizes, long seed) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.layers = new DenseLayer[sizes.length - 1];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < layers.length; k++) {
            layers[k] = new DenseLayer("fc" + (k + 1), sizes[k], sizes[k + 1], rng);
        }
        this.layerList = List.of(layers);
    }

    /** Layer widths, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** A model tag such as {@code mlp-64-1024-512-10}. */
    public String modelName() {
        StringBuilder s = new StringBuilder("mlp");
        for (int n : sizes) {
            s.append('-').append(n);
        }
        return s.toString();
    }

    /** The layers, input side first. */
    public List<DenseLayer> layers() {
        return layerList;
    }

    public int parameterCount() {
        int n = 0;
        for (DenseLayer l : layers) {
            n += l.parameterCount();
        }
        return n;
    }

    /** Buffers for batches of up to {@code capacity} samples. */
    public Workspace newWorkspace(int capacity) {
        return new Workspace(sizes, capacity);
    }

    /** Forward pass of the batch in {@code ws}; the logits end up in the last activation buffer. */
    void forward(Workspace ws, int rows) {
        for (int k = 0; k < layers.length; k++) {
            layers[k].forward(ws.acts[k], ws.acts[k + 1], rows);
            if (k < layers.length - 1) {
                relu(ws.acts[k + 1], rows * sizes[k + 1]);
            }
        }
    }

    /** Loss and, if {@code withGradient}, its gradient at the logits (call after {@link #forward}). */
    SoftmaxCrossEntropy.BatchOutcome loss(Workspace ws, int rows, boolean withGradient) {
        int last = sizes.length - 1;
        return SoftmaxCrossEntropy.apply(ws.acts[last], ws.labels, rows, sizes[last],
                withGradient ? ws.deltas[last] : null);
    }

    /** Accumulates every layer's gradient for the batch (call after {@link #loss} with gradient). */
    void backward(Workspace ws, int rows) {
        for (int k = layers.length - 1; k >= 0; k--) {
            layers[k].backward(ws.acts[k], ws.deltas[k + 1], k > 0 ? ws.deltas[k] : null, rows);
        }
    }

    private static void relu(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (a[i] < 0f) {
                a[i] = 0f;
            }
        }
    }

    /** Mean loss and accuracy on a whole data set, in batches of the workspace's capacity. */
    public Evaluation evaluate(Dataset data, Workspace ws) {
        checkShape(data);
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < data.size(); start += ws.capacity) {
            int rows = Math.min(ws.capacity, data.size() - start);
            ws.loadRange(data, start, rows);
            forward(ws, rows);
            SoftmaxCrossEntropy.BatchOutcome o = loss(ws, rows, false);
            lossSum += o.lossSum();
            correct += o.correct();
        }
        return new Evaluation(lossSum / data.size(), (double) correct / data.size());
    }

    void checkShape(Dataset data) {
        if (data.numFeatures() != sizes[0] || data.numClasses() != sizes[sizes.length - 1]) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.numFeatures()
                    + " features and " + data.numClasses() + " classes but the network is " + modelName()
                    + "; make the first layer size match the features and the last the classes");
        }
    }

    /** Copies of every layer's weights in PyTorch layout, named fc1, fc2, …. */
    public List<Weights> weights() {
        List<Weights> out = new ArrayList<>(layers.length);
        for (DenseLayer l : layers) {
            out.add(l.toWeights());
        }
        return List.copyOf(out);
    }

    /** Mean loss and accuracy of a model on a data set. */
    public record Evaluation(double loss, double accuracy) {
    }
}
