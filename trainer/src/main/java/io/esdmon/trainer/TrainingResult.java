package io.esdmon.trainer;

import io.esdmon.engine.tensor.Weights;
import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param config         the run's configuration
 * @param steps          SGD steps taken
 * @param epochs         complete passes over the training set
 * @param train          loss and accuracy on the whole training set at the end
 * @param test           loss and accuracy on the test set at the end
 * @param elapsed        wall time of the training loop (snapshots included)
 * @param stoppedEarly   true if {@link Trainer#requestStop()} or an interrupt ended the run
 * @param finalWeights   the final weights (PyTorch layout, fc1 …)
 */
public record TrainingResult(TrainingConfig config, long steps, int epochs, Mlp.Evaluation train,
        Mlp.Evaluation test, Duration elapsed, boolean stoppedEarly, List<Weights> finalWeights) {

    public TrainingResult {
        finalWeights = List.copyOf(finalWeights);
    }

    /** SGD steps per second of wall time. */
    public double stepsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? steps / s : 0;
    }

    /** The final weights of the named layer. */
    public Weights layer(String name) {
        return finalWeights.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + config.runId() + " has no layer " + name));
    }
}
