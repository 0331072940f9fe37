package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class DemoTrainingTest {

    @Test
    void runsSideBySideUntilStopped() throws Exception {
        List<TrainingConfig> runs = List.of(
                TrainingConfig.digits("t-bs8", 8, 0.05, 100_000, 32).withSnapshotEvery(20),
                TrainingConfig.digits("t-bs64", 64, 0.05, 100_000, 32).withSnapshotEvery(3));
        ConcurrentLinkedQueue<TrainingSnapshot> seen = new ConcurrentLinkedQueue<>();
        Map<String, Long> lastStep = new ConcurrentHashMap<>();
        List<TrainingResult> results;
        try (DemoTraining demo = new DemoTraining(runs, DigitsData.standardSplit())) {
            demo.start(s -> {
                Long prev = lastStep.put(s.runId(), s.step());
                if (prev != null && prev >= s.step()) {
                    throw new AssertionError(s.runId() + ": step " + s.step() + " after " + prev);
                }
                seen.add(s);
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (lastStep.size() < 2 || lastStep.values().stream().anyMatch(step -> step < 60)) {
                assertTrue(System.nanoTime() < deadline, "runs did not make progress: " + lastStep);
                Thread.sleep(50);
            }
            results = demo.stop();
        }
        assertEquals(2, results.size());
        for (TrainingResult r : results) {
            assertTrue(r.stoppedEarly(), r.config().runId());
            assertTrue(r.steps() >= 60, r.config().runId() + " took " + r.steps() + " steps");
            assertEquals(r.steps(), lastStep.get(r.config().runId()), "final snapshot of " + r.config().runId());
        }
        assertTrue(seen.stream().anyMatch(s -> s.runId().equals("t-bs8") && s.tags().get("batch_size").equals("8")));
    }

    @Test
    void defaultRunsSpaceSnapshotsBySamples() {
        List<TrainingConfig> runs = DemoTraining.defaultRuns("demo", 1536, 8, 64, 512, 4096);
        assertEquals(List.of("demo-bs8", "demo-bs64", "demo-bs512", "demo-bs4096"),
                runs.stream().map(TrainingConfig::runId).toList());
        assertEquals(List.of(192, 24, 3, 1), runs.stream().map(TrainingConfig::snapshotEvery).toList());
        assertTrue(runs.stream().allMatch(c -> c.effectiveLearningRate() == DemoTraining.LEARNING_RATE));
    }

    @Test
    void rejectsDuplicateRunIds() {
        List<TrainingConfig> runs = DemoTraining.defaultRuns("demo", 100, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoTraining(runs, DigitsData.standardSplit()));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    }
}
