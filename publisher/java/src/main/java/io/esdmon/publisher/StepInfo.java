package io.esdmon.publisher;

import io.esdmon.wire.RecordKeys;
import java.time.Instant;
import java.util.Map;

/**
 * Which training step a set of snapshots belongs to.
 *
 * @param runId     the training run (non-empty, no '/')
 * @param step      optimizer step (&gt;= 0)
 * @param epoch     epoch at that step (&gt;= 0; 0 if not counted)
 * @param wallTime  when the weights were taken
 * @param tags      facts about the run copied into every analysis (e.g. batch_size, learning_rate, model)
 */
public record StepInfo(String runId, long step, long epoch, Instant wallTime, Map<String, String> tags) {

    public StepInfo {
        RecordKeys.requireRunId(runId);
        if (step < 0 || epoch < 0) {
            throw new IllegalArgumentException("step and epoch must be >= 0, got step " + step + ", epoch " + epoch);
        }
        if (wallTime == null) {
            throw new IllegalArgumentException("wallTime is required (use Instant.now())");
        }
        tags = Map.copyOf(tags);
    }

    /** Step {@code step} of run {@code runId} now, epoch 0, no tags. */
    public static StepInfo of(String runId, long step) {
        return new StepInfo(runId, step, 0, Instant.now(), Map.of());
    }

    public StepInfo withEpoch(long e) {
        return new StepInfo(runId, step, e, wallTime, tags);
    }

    public StepInfo withTags(Map<String, String> t) {
        return new StepInfo(runId, step, epoch, wallTime, t);
    }
}
