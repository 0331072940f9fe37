package io.esdmon.trainer;

import io.esdmon.engine.tensor.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of a run after {@code step} SGD steps: a copy of every layer's weights (PyTorch layout
 * and names: fc1, fc2, …) plus what a dashboard needs to label it.
 *
 * @param runId          the run's id from its config
 * @param step           SGD steps taken so far (0 = the initial weights)
 * @param epoch          completed passes over the training set when the snapshot was taken
 * @param wallTime       when the snapshot was taken
 * @param elapsed        training time since the run started
 * @param layers         weight matrices, input side first
 * @param tags           hyper-parameters (model, dataset, batch_size, lr, …) and user tags
 * @param trainLoss      mean loss over the training samples seen since the previous snapshot
 *                       (over the whole training set for step 0)
 * @param trainAccuracy  accuracy over the same samples
 * @param testAccuracy   accuracy on the held-out test set at this step
 */
public record TrainingSnapshot(String runId, long step, int epoch, Instant wallTime, Duration elapsed,
        List<Weights> layers, Map<String, String> tags, double trainLoss, double trainAccuracy, double testAccuracy) {

    public TrainingSnapshot {
        layers = List.copyOf(layers);
        tags = Map.copyOf(tags);
    }

    /** The layer with the given name (e.g. "fc2"). */
    public Weights layer(String name) {
        return layers.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + runId + " has no layer " + name
                        + "; layers are " + layers.stream().map(Weights::name).toList()));
    }
}
