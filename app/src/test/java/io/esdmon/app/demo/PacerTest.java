package io.esdmon.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.Weights;
import io.esdmon.trainer.TrainingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final TrainingSnapshot SNAPSHOT = new TrainingSnapshot("r", 1, 0, Instant.now(), Duration.ZERO,
            List.of(Weights.dense("fc1", 2, 2, new float[] {1, 0, 0, 1})), Map.of(), 0, 0, 0);

    private final AtomicLong backlog = new AtomicLong();
    private final List<Long> passedAtBacklog = new CopyOnWriteArrayList<>();

    private Pacer pacer(long limit, Duration maxWait) {
        return new Pacer(s -> passedAtBacklog.add(backlog.get()), backlog::get, limit, maxWait);
    }

    @Test
    void aSnapshotPassesAtOnceWhileTheBacklogIsWithinTheLimit() {
        backlog.set(6);
        long t0 = System.nanoTime();
        pacer(6, Duration.ofSeconds(30)).onSnapshot(SNAPSHOT);
        assertEquals(List.of(6L), passedAtBacklog);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aSnapshotWaitsUntilTheMonitorCatchesUp() throws Exception {
        backlog.set(7);
        CompletableFuture<Void> training = waitingSnapshot(pacer(6, Duration.ofSeconds(60)));
        backlog.set(3);
        training.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(3L), passedAtBacklog);
    }

    @Test
    void aStalledMonitorDelaysASnapshotByAtMostMaxWait() {
        backlog.set(100);
        long t0 = System.nanoTime();
        pacer(6, Duration.ofMillis(300)).onSnapshot(SNAPSHOT);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(List.of(100L), passedAtBacklog);
        assertTrue(waited >= 300 && waited < 10_000, "waited " + waited + " ms");
    }

    @Test
    void releaseLetsAWaitingSnapshotThrough() throws Exception {
        backlog.set(100);
        Pacer pacer = pacer(6, Duration.ofMinutes(10));
        CompletableFuture<Void> training = waitingSnapshot(pacer);
        pacer.release();
        training.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(100L), passedAtBacklog);
    }

    /** A snapshot sent on another thread, checked to be still waiting after 300 ms. */
    private CompletableFuture<Void> waitingSnapshot(Pacer pacer) throws InterruptedException {
        CompletableFuture<Void> training = CompletableFuture.runAsync(() -> pacer.onSnapshot(SNAPSHOT));
        Thread.sleep(300);
        assertEquals(List.of(), passedAtBacklog, "passed while the monitor was behind");
        return training;
    }
}
