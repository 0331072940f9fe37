package io.esdmon.app.demo;

import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.trainer.SnapshotListener;
import io.esdmon.trainer.TrainingSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes every snapshot of the pure-Java trainer as one step on the snapshot topic: the bridge
 * that lets the trainer stay free of Kafka. Publishing is asynchronous (the training thread only
 * hands the weights to the producer); failures are counted and reported to {@code onError}.
 * Thread-safe, as {@link io.esdmon.trainer.DemoTraining} requires.
 */
public final class PublishingListener implements SnapshotListener {

    private final SnapshotPublisher publisher;
    private final Consumer<String> onError;
    private final AtomicLong layersSent = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Publishes through {@code publisher}; each failed step is reported to {@code onError} with the reason. */
    public PublishingListener(SnapshotPublisher publisher, Consumer<String> onError) {
        if (publisher == null || onError == null) {
            throw new IllegalArgumentException("a publisher and an error handler are required");
        }
        this.publisher = publisher;
        this.onError = onError;
    }

    /** The step a snapshot is published as: same run, step, epoch, time and tags. */
    public static StepInfo stepOf(TrainingSnapshot s) {
        return new StepInfo(s.runId(), s.step(), s.epoch(), s.wallTime(), s.tags());
    }

    @Override
    public void onSnapshot(TrainingSnapshot snapshot) {
        layersSent.addAndGet(snapshot.layers().size());
        publisher.publishStep(stepOf(snapshot), snapshot.layers()).whenComplete((receipt, e) -> {
            if (e == null) {
                published.incrementAndGet();
            } else {
                failed.incrementAndGet();
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                onError.accept("step " + snapshot.step() + " of run " + snapshot.runId() + " was not published: "
                        + cause.getMessage());
            }
        });
    }

    /** Layers handed to the publisher so far (acknowledged or not). */
    public long layersSent() {
        return layersSent.get();
    }

    /** Steps whose layers and manifest the broker acknowledged. */
    public long published() {
        return published.get();
    }

    /** Steps that failed to publish. */
    public long failed() {
        return failed.get();
    }
}
