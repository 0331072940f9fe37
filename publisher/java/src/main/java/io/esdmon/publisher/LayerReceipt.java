package io.esdmon.publisher;

import io.esdmon.engine.tensor.LayerKind;

/**
 * Proof that a layer snapshot reached the broker: every chunk acknowledged.
 *
 * @param layer        layer name
 * @param kind         layer kind as sent
 * @param layerIndex   position in the model (-1 if unknown)
 * @param snapshotId   the id its chunks share
 * @param chunkCount   number of records
 * @param totalBytes   payload size
 * @param partition    partition of the snapshot topic that holds it
 * @param firstOffset  offset of chunk 0
 * @param lastOffset   offset of the last chunk
 */
public record LayerReceipt(String layer, LayerKind kind, int layerIndex, String snapshotId, int chunkCount,
        long totalBytes, int partition, long firstOffset, long lastOffset) {
}
