package io.esdmon.pipeline.ingest;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs tasks of one key one after the other, in the order they were added, while the values they
 * wait for are computed in parallel: the engine pool finishes a layer's snapshots in any order, and
 * this hands them to the analysis sink in the order they were consumed. Event-loop only.
 */
final class KeyOrder {

    private final Map<String, Future<?>> tails = new HashMap<>();

    /**
     * Runs {@code task} on the value of {@code ready} once that is computed and every task added
     * earlier under {@code key} has completed (successfully or not).
     */
    <T, R> Future<R> then(String key, Future<T> ready, Function<T, Future<R>> task) {
        Future<?> previous = tails.getOrDefault(key, Future.succeededFuture());
        Future<R> mine = previous.transform(ignored -> ready).compose(task);
        tails.put(key, mine);
        mine.onComplete(ignored -> tails.remove(key, mine));
        return mine;
    }

    /** Keys with tasks waiting or running. */
    int keys() {
        return tails.size();
    }
}
