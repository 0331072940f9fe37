package io.esdmon.dashboard.store;

import java.util.Map;

/**
 * A layer of a run, in model order.
 *
 * @param layer       the layer name
 * @param layerIndex  its position in the model, -1 when the publisher did not say
 * @param kind        DENSE, CONV2D, EMBEDDING
 * @param points      step points held
 * @param thinned     whether older points were thinned
 * @param lastStep    the newest step
 * @param phase       phase name of the newest analysis
 * @param latest      the newest analysis's metrics by column name (NaN when absent)
 */
public record LayerInfo(String layer, int layerIndex, String kind, int points, boolean thinned, long lastStep,
        String phase, Map<String, Double> latest) {
}
