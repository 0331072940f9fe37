package io.esdmon.dashboard.store;

import java.util.Map;

/**
 * A layer's points within a step range, column by column.
 *
 * @param layer    the layer name
 * @param steps    the steps, ascending
 * @param phases   phase code per step ({@link PhaseCode})
 * @param metrics  the requested metrics by column name, one value per step (NaN when absent)
 */
public record SeriesSlice(String layer, long[] steps, byte[] phases, Map<String, double[]> metrics) {
}
