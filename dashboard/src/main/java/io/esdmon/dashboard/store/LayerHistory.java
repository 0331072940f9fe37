package io.esdmon.dashboard.store;

import io.esdmon.proto.LayerAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One layer of a run: its step series and its newest full analyses. Guarded by the store. */
final class LayerHistory {

    final String name;
    /** Order of first appearance in the run, for layers without a known index. */
    final int firstSeen;
    final LayerSeries series;
    int layerIndex = -1;
    String kind = "";
    /** Newest full analyses, ascending by step. */
    private final List<LayerAnalysis> details = new ArrayList<>();

    LayerHistory(String name, int firstSeen, int cap) {
        this.name = name;
        this.firstSeen = firstSeen;
        this.series = new LayerSeries(cap);
    }

    /** Keeps the analysis if it is among the {@code max} newest steps, replacing one of the same step. */
    void rememberDetail(LayerAnalysis a, int max) {
        long step = a.getLayerStep().getStep();
        int i = details.size();
        while (i > 0 && details.get(i - 1).getLayerStep().getStep() >= step) {
            i--;
        }
        if (i < details.size() && details.get(i).getLayerStep().getStep() == step) {
            details.set(i, a);
            return;
        }
        if (details.size() == max && i == 0) {
            return; // older than every kept detail
        }
        details.add(i, a);
        if (details.size() > max) {
            details.remove(0);
        }
    }

    Optional<LayerAnalysis> detail(long step, long idHash) {
        for (LayerAnalysis a : details) {
            if (a.getLayerStep().getStep() == step && HistoryStore.analysisKey(a) == idHash) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Sort key for model order: the layer index when known, else after every indexed layer. */
    long orderKey() {
        return ((long) (layerIndex >= 0 ? layerIndex : Integer.MAX_VALUE) << 32) | firstSeen;
    }
}
