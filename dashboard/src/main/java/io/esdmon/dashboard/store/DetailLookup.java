package io.esdmon.dashboard.store;

import io.esdmon.proto.LayerAnalysis;
import java.util.Optional;

/**
 * Where to find one full analysis: in memory, or at a position in Kafka.
 *
 * @param step      the step found (the nearest one when the lookup allowed it)
 * @param analysis  the analysis, when the store holds it
 * @param position  where to read it back from when it does not
 * @param idHash    the analysis id's hash, to check what is read back
 */
public record DetailLookup(long step, Optional<LayerAnalysis> analysis, RecordPosition position, long idHash) {
}
