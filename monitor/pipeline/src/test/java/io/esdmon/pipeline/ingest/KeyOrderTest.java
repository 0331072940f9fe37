package io.esdmon.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    /** Analyses finishing in reverse order still reach the sink in consumption order, per layer. */
    @Test
    void tasksOfOneKeyRunInTheOrderTheyWereAdded() {
        KeyOrder order = new KeyOrder();
        List<String> ran = new ArrayList<>();
        List<Promise<String>> ready = new ArrayList<>();
        List<Promise<Void>> sinks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Promise<String> r = Promise.promise();
            ready.add(r);
            order.then("run/fc", r.future(), v -> {
                ran.add(v);
                Promise<Void> sink = Promise.promise();
                sinks.add(sink);
                return sink.future();
            });
        }
        ready.get(2).complete("step 2");
        ready.get(1).complete("step 1");
        assertTrue(ran.isEmpty(), "nothing may overtake step 0");
        ready.get(0).complete("step 0");
        assertEquals(List.of("step 0"), ran, "step 1 waits until step 0's sink answered");
        sinks.get(0).fail("Kafka refused"); // a failed predecessor still lets the next go
        assertEquals(List.of("step 0", "step 1"), ran);
        sinks.get(1).complete();
        assertEquals(List.of("step 0", "step 1", "step 2"), ran);
        sinks.get(2).complete();
        assertEquals(0, order.keys(), "finished keys are forgotten");
    }

    @Test
    void otherKeysDoNotWait() {
        KeyOrder order = new KeyOrder();
        List<String> ran = new ArrayList<>();
        order.then("run/a", Promise.<String>promise().future(), v -> Future.succeededFuture());
        order.then("run/b", Future.succeededFuture("b"), v -> {
            ran.add(v);
            return Future.succeededFuture();
        });
        assertEquals(List.of("b"), ran);
        assertEquals(1, order.keys());
    }
}
