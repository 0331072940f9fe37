package io.esdmon.wire;

import java.nio.charset.StandardCharsets;

/**
 * Record keys. Everything about one layer of one run (its snapshot chunks, analyses and
 * transitions) is keyed {@code "<run_id>/<layer>"}, so Kafka's default partitioner puts it in one
 * partition number in every topic; manifests are keyed by the run id alone.
 */
public final class RecordKeys {

    private RecordKeys() {
    }

    /** The key of a layer's records. */
    public static String layerKey(String runId, String layer) {
        requireRunId(runId);
        if (layer == null || layer.isEmpty()) {
            throw new IllegalArgumentException("layer name must not be empty (run " + runId + ")");
        }
        return runId + "/" + layer;
    }

    public static byte[] layerKeyBytes(String runId, String layer) {
        return layerKey(runId, layer).getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a run's manifests. */
    public static byte[] runKeyBytes(String runId) {
        requireRunId(runId);
        return runId.getBytes(StandardCharsets.UTF_8);
    }

    /** A run id is non-empty and has no '/', which separates it from the layer name in keys. */
    public static String requireRunId(String runId) {
        if (runId == null || runId.isEmpty() || runId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("run id must be non-empty and contain no '/', got "
                    + Untrusted.quote(runId, 80) + "; choose a name like 'resnet18-bs32-2024-05-01'");
        }
        return runId;
    }
}
