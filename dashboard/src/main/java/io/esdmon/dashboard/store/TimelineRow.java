package io.esdmon.dashboard.store;

/**
 * A layer's phase history as runs of equal phase, for drawing: segment {@code i} starts at
 * {@code starts[i]} and lasts until the next segment starts (the last one until {@code lastStep}).
 *
 * @param layer       the layer name
 * @param layerIndex  its position in the model, -1 when unknown
 * @param starts      first step of each segment, ascending
 * @param phases      phase code of each segment ({@link PhaseCode})
 * @param lastStep    the newest step of the layer
 * @param trapStarts  first step of each run of consecutive points with correlation traps, ascending
 * @param trapEnds    last step of each such run (equal to its start for a single point)
 */
public record TimelineRow(String layer, int layerIndex, long[] starts, byte[] phases, long lastStep, long[] trapStarts,
        long[] trapEnds) {
}
