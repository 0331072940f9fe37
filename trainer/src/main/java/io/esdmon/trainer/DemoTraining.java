package io.esdmon.trainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several training runs side by side, one thread each, for the live demo: by default the same
 * digits MLP at batch sizes 8, 64 and 512 with one learning rate, so the small-batch run drives its
 * hidden layer through the phases while the large-batch run stays near random.
 *
 * <p>Snapshots are spaced by samples seen, not steps, so every run publishes at a similar rate in
 * wall time: run with batch B snapshots every max(1, samplesPerSnapshot / B) steps. The listener is
 * called from every training thread and must be thread-safe.
 */
public final class DemoTraining implements AutoCloseable {

    /** Hidden widths of the demo network (64 pixels → 512 → 256 → 10 classes). */
    public static final int[] HIDDEN = {512, 256};
    public static final int[] BATCH_SIZES = {8, 64, 512};
    public static final double LEARNING_RATE = 0.05;
    public static final int SAMPLES_PER_SNAPSHOT = 1500;

    private final List<Trainer> trainers;
    private final ExecutorService pool;
    private final List<Future<TrainingResult>> running = new ArrayList<>();

    /** Runs the given configs on the given data, one thread per run. */
    public DemoTraining(List<TrainingConfig> runs, DataSplit data) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("the demo needs at least one training run");
        }
        if (runs.stream().map(TrainingConfig::runId).distinct().count() != runs.size()) {
            throw new IllegalArgumentException("run ids must be distinct, got "
                    + runs.stream().map(TrainingConfig::runId).toList());
        }
        this.trainers = runs.stream().map(c -> new Trainer(c, data)).toList();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(runs.size(), r -> {
            Thread t = new Thread(r, "esdmon-trainer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The default demo runs: digits, {@link #HIDDEN} widths, one constant learning rate, effectively
     * unlimited epochs (stop them with {@link #close()}), run ids {@code <prefix>-bs<B>}.
     */
    public static List<TrainingConfig> defaultRuns(String prefix, int samplesPerSnapshot, int... batchSizes) {
        if (samplesPerSnapshot < 1) {
            throw new IllegalArgumentException("samplesPerSnapshot must be >= 1, got " + samplesPerSnapshot);
        }
        List<TrainingConfig> runs = new ArrayList<>();
        for (int b : batchSizes) {
            runs.add(TrainingConfig.digits(prefix + "-bs" + b, b, LEARNING_RATE, 100_000, HIDDEN)
                    .withSnapshotEvery(Math.max(1, samplesPerSnapshot / b))
                    .withTags(Map.of("demo", prefix)));
        }
        return runs;
    }

    /** Starts every run; snapshots go to {@code listener} from the training threads. */
    public synchronized void start(SnapshotListener listener) {
        if (!running.isEmpty()) {
            throw new IllegalStateException("the demo runs were already started");
        }
        for (Trainer t : trainers) {
            running.add(pool.submit(() -> t.run(listener)));
        }
    }

    /** Waits up to {@code timeout} for every run to end on its own and returns the results. */
    public List<TrainingResult> await(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TrainingResult> results = new ArrayList<>();
        for (Future<TrainingResult> f : running) {
            try {
                results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException("a training run failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }

    /** Asks every run to stop after its current step and returns their results. */
    public List<TrainingResult> stop() throws InterruptedException {
        trainers.forEach(Trainer::requestStop);
        try {
            return await(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new IllegalStateException("training runs did not stop within 30 s", e);
        }
    }

    /** Stops the runs (if still going) and the threads. */
    @Override
    public void close() {
        trainers.forEach(Trainer::requestStop);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
