package io.esdmon.trainer;

/**
 * Receives the weight snapshots of a training run. Called on the training thread, in step order;
 * a slow listener slows training, so hand long work (publishing, analysis) to another thread. An
 * exception thrown here aborts the run.
 */
@FunctionalInterface
public interface SnapshotListener {

    void onSnapshot(TrainingSnapshot snapshot);

    /** A listener that ignores every snapshot. */
    static SnapshotListener none() {
        return s -> { };
    }
}
