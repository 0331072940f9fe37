package io.esdmon.publisher;

import java.util.List;

/**
 * Proof that a whole step reached the broker: every layer, then its manifest.
 *
 * @param layers             one receipt per layer, in model order
 * @param manifestPartition  partition of the manifest record
 * @param manifestOffset     offset of the manifest record
 */
public record StepReceipt(StepInfo step, List<LayerReceipt> layers, int manifestPartition, long manifestOffset) {

    public StepReceipt {
        layers = List.copyOf(layers);
    }
}
