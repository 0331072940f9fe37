package io.esdmon.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trains one {@link Mlp} with minibatch SGD on one thread and reports snapshots to a listener.
 * Each epoch visits the training set in a fresh seeded random order, in batches of
 * {@code batchSize} (the last batch keeps the remainder, like PyTorch's default DataLoader).
 *
 * <p>A trainer runs once. {@link #requestStop()} (or interrupting the training thread) ends it
 * after the current step, with a final snapshot.
 */
public final class Trainer {

    /** Salt that separates the sample-order stream from the weight-initialisation stream. */
    private static final long ORDER_STREAM = 0x5DEECE66DL;
    private static final int EVAL_BATCH = 256;

    private final TrainingConfig config;
    private final DataSplit data;
    private final Mlp model;
    private volatile boolean stopRequested;
    private final AtomicBoolean started = new AtomicBoolean();

    public Trainer(TrainingConfig config, DataSplit data) {
        if (config == null || data == null) {
            throw new IllegalArgumentException("a trainer needs a config and data");
        }
        this.config = config;
        this.data = data;
        this.model = new Mlp(config.layerSizes(), config.seed());
        model.checkShape(data.train());
    }

    public TrainingConfig config() {
        return config;
    }

    /** The network being trained (read it only while the run is not in progress). */
    public Mlp model() {
        return model;
    }

    /** Ends the run after the current step; safe to call from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Runs the configured epochs, sending snapshots to {@code listener}, and returns how it ended. */
    public TrainingResult run(SnapshotListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException(
                    "a listener is required; use SnapshotListener.none() to ignore snapshots");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("run " + config.runId() + " was already started; a Trainer runs once, "
                    + "create a new one to train again");
        }
        Dataset train = data.train();
        Map<String, String> tags = config.snapshotTags(model.modelName(), train.name().replaceFirst("-train$", ""));
        Workspace ws = model.newWorkspace(Math.min(config.batchSize(), train.size()));
        Workspace evalWs = model.newWorkspace(EVAL_BATCH);
        Sgd sgd = new Sgd(model.layers(), config.effectiveLearningRate(), config.momentum(), config.weightDecay());
        SplittableRandom orderRng = new SplittableRandom(config.seed() ^ ORDER_STREAM);
        int[] order = Shuffle.identity(train.size());

        long t0 = System.nanoTime();
        Mlp.Evaluation initial = model.evaluate(train, evalWs);
        RunningStats running = new RunningStats();
        publish(listener, tags, 0, 0, t0, initial.loss(), initial.accuracy(), evalWs);

        long step = 0;
        long lastPublished = 0;
        int epoch = 0;
        boolean stopped = false;
        epochs:
        for (; epoch < config.epochs(); epoch++) {
            Shuffle.inPlace(order, orderRng);
            for (int start = 0; start < train.size(); start += config.batchSize()) {
                if (stopRequested || Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    break epochs;
                }
                int rows = Math.min(config.batchSize(), train.size() - start);
                ws.load(train, order, start, rows);
                model.forward(ws, rows);
                running.add(model.loss(ws, rows, true));
                model.backward(ws, rows);
                sgd.step(model.layers());
                step++;
                if (config.snapshotEvery() > 0 && step % config.snapshotEvery() == 0) {
                    int completed = start + rows == train.size() ? epoch + 1 : epoch;
                    publish(listener, tags, step, completed, t0, running.meanLoss(), running.accuracy(), evalWs);
                    running = new RunningStats();
                    lastPublished = step;
                }
            }
        }
        if (step != lastPublished) {
            publish(listener, tags, step, epoch, t0, running.meanLoss(), running.accuracy(), evalWs);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return new TrainingResult(config, step, epoch, model.evaluate(train, evalWs), model.evaluate(data.test(), evalWs),
                elapsed, stopped, model.weights());
    }

    private void publish(SnapshotListener listener, Map<String, String> tags, long step, int epoch, long t0,
            double trainLoss, double trainAccuracy, Workspace evalWs) {
        double testAccuracy = model.evaluate(data.test(), evalWs).accuracy();
        listener.onSnapshot(new TrainingSnapshot(config.runId(), step, epoch, Instant.now(),
                Duration.ofNanos(System.nanoTime() - t0), model.weights(), tags, trainLoss, trainAccuracy,
                testAccuracy));
    }

    /** Loss and accuracy summed over the batches since the last snapshot. */
    private static final class RunningStats {
        private double lossSum;
        private long correct;
        private long samples;

        void add(SoftmaxCrossEntropy.BatchOutcome o) {
            lossSum += o.lossSum();
            correct += o.correct();
            samples += o.samples();
        }

        double meanLoss() {
            return lossSum / samples;
        }

        double accuracy() {
            return (double) correct / samples;
        }
    }
}
