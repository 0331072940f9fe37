package io.esdmon.wire.snapshot;

import io.esdmon.proto.ManifestLayer;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.wire.NameRules;

/**
 * The rules a step's manifest must follow (docs/wire-format.md): a valid run id, a step and epoch
 * that are not negative, tags as on snapshots, and at most {@link #MAX_LAYERS} layers, each with a
 * valid name and snapshot id and a plausible size. A breach throws {@link InvalidSnapshotException}
 * naming the field; the monitor dead-letters such a manifest instead of passing it on.
 */
public final class ManifestRules {

    /** Layers one manifest may list: more than any model publishes per step. */
    public static final int MAX_LAYERS = 4096;

    private ManifestRules() {
    }

    /** Checks a manifest and returns it. */
    public static SnapshotManifest check(SnapshotManifest m) {
        SnapshotRules.checkRun(m.getRunId(), "manifest: ");
        String where = "manifest of run " + m.getRunId() + " step " + m.getStep() + ": ";
        if (m.getStep() < 0 || m.getEpoch() < 0) {
            throw new InvalidSnapshotException(where + "step and epoch must be >= 0, got epoch " + m.getEpoch());
        }
        SnapshotRules.checkTags(m.getTagsMap(), where);
        if (m.getLayersCount() > MAX_LAYERS) {
            throw new InvalidSnapshotException(where + m.getLayersCount() + " layers listed, at most " + MAX_LAYERS
                    + "; a manifest lists the layer snapshots of one step");
        }
        for (ManifestLayer l : m.getLayersList()) {
            NameRules.problem("layer name", l.getLayer(), SnapshotRules.MAX_LAYER_NAME_BYTES)
                    .or(() -> NameRules.problem("snapshot_id of layer " + l.getLayer(), l.getSnapshotId(),
                            SnapshotRules.MAX_SHORT_TEXT_BYTES))
                    .ifPresent(p -> {
                        throw new InvalidSnapshotException(where + p);
                    });
            if (l.getChunkCount() < 1 || l.getTotalBytes() < 1
                    || l.getTotalBytes() > l.getChunkCount() * SnapshotRules.MAX_CHUNK_BYTES) {
                throw new InvalidSnapshotException(where + "layer " + l.getLayer() + " lists " + l.getChunkCount()
                        + " chunks of " + l.getTotalBytes() + " bytes; both must be positive and each chunk at most "
                        + SnapshotRules.MAX_CHUNK_BYTES + " bytes");
            }
        }
        return m;
    }
}
