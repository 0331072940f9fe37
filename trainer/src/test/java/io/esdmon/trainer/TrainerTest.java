package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final DataSplit DIGITS = DigitsData.standardSplit();

    @Test
    void learnsDigitsWellAboveChanceInAFewEpochs() {
        TrainingConfig config = TrainingConfig.digits("learn", 16, 0.1, 3, 64);
        TrainingResult r = new Trainer(config, DIGITS).run(SnapshotListener.none());
        assertEquals(3 * ceilDiv(1500, 16), r.steps());
        // Chance is 10 %; a 64-64-10 MLP reaches ~95 % on held-out digits after 3 epochs.
        assertTrue(r.test().accuracy() > 0.85, "test accuracy " + r.test().accuracy());
        assertTrue(r.train().loss() < 0.5, "train loss " + r.train().loss());
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        TrainingConfig config = TrainingConfig.digits("det", 8, 0.05, 1, 32, 16).withMomentum(0.9)
                .withWeightDecay(1e-4);
        List<Weights> a = new Trainer(config, DIGITS).run(SnapshotListener.none()).finalWeights();
        List<Weights> b = new Trainer(config, DIGITS).run(SnapshotListener.none()).finalWeights();
        List<Weights> c = new Trainer(config.withSeed(502), DIGITS).run(SnapshotListener.none()).finalWeights();
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(values(a.get(k)), values(b.get(k)), a.get(k).name());
            assertFalse(Arrays.equals(values(a.get(k)), values(c.get(k))), a.get(k).name() + " ignores the seed");
        }
    }

    @Test
    void publishesPyTorchShapedSnapshotsEveryNSteps() {
        TrainingConfig config = TrainingConfig.digits("snap", 100, 0.1, 2, 32, 16).withSnapshotEvery(7)
                .withTags(Map.of("owner", "test"));
        List<TrainingSnapshot> seen = new ArrayList<>();
        TrainingResult r = new Trainer(config, DIGITS).run(seen::add);
        assertEquals(30, r.steps());
        // step 0, every 7th step, and the last step
        assertEquals(List.of(0L, 7L, 14L, 21L, 28L, 30L), seen.stream().map(TrainingSnapshot::step).toList());
        // 15 steps per epoch; the epoch field counts completed passes
        assertEquals(List.of(0, 0, 0, 1, 1, 2), seen.stream().map(TrainingSnapshot::epoch).toList());
        TrainingSnapshot last = seen.get(seen.size() - 1);
        assertEquals(List.of("fc1", "fc2", "fc3"), last.layers().stream().map(Weights::name).toList());
        assertArrayEquals(new int[] {32, 64}, last.layer("fc1").shape());
        assertArrayEquals(new int[] {16, 32}, last.layer("fc2").shape());
        assertArrayEquals(new int[] {10, 16}, last.layer("fc3").shape());
        assertEquals("100", last.tags().get("batch_size"));
        // the tag names the dashboard and the Python publisher use
        assertEquals("0.1", last.tags().get("learning_rate"));
        assertEquals("mlp-64-32-16-10", last.tags().get("model"));
        assertEquals("uci-digits", last.tags().get("dataset"));
        assertEquals("test", last.tags().get("owner"));
        assertEquals("snap", last.runId());
        assertTrue(last.elapsed().compareTo(seen.get(0).elapsed()) > 0);
        assertArrayEquals(values(r.layer("fc2")), values(last.layer("fc2")));
        // the initial snapshot differs from the final weights: training moved them
        assertFalse(Arrays.equals(values(seen.get(0).layer("fc2")), values(last.layer("fc2"))));
    }

    @Test
    void requestStopEndsTheRunWithAFinalSnapshot() {
        TrainingConfig config = TrainingConfig.digits("stop", 4, 0.05, 1000, 32).withSnapshotEvery(10);
        List<TrainingSnapshot> seen = new ArrayList<>();
        Trainer[] holder = new Trainer[1];
        holder[0] = new Trainer(config, DIGITS);
        TrainingResult r = holder[0].run(s -> {
            seen.add(s);
            if (s.step() == 50) {
                holder[0].requestStop();
            }
        });
        assertTrue(r.stoppedEarly());
        assertEquals(50, r.steps());
        assertEquals(50, seen.get(seen.size() - 1).step());
    }

    @Test
    void aTrainerRunsOnce() {
        Trainer t = new Trainer(TrainingConfig.digits("once", 500, 0.1, 1, 16), DIGITS);
        t.run(SnapshotListener.none());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.run(SnapshotListener.none()));
        assertTrue(e.getMessage().contains("runs once"), e.getMessage());
    }

    @Test
    void toWeightsIsThePyTorchLayoutOfTheForwardPass() {
        Mlp net = new Mlp(new int[] {3, 2}, 11L);
        DenseLayer fc1 = net.layers().get(0);
        Weights w = fc1.toWeights();
        float[] wOutIn = ((WeightValues.F32) w.values()).data();
        float[] bias = fc1.biasCopy();
        float[] x = {0.5f, -1f, 2f};
        float[] y = new float[2];
        fc1.forward(x, y, 1);
        for (int o = 0; o < 2; o++) {
            double expected = bias[o];
            for (int i = 0; i < 3; i++) {
                expected += wOutIn[o * 3 + i] * x[i];
            }
            assertEquals(expected, y[o], 1e-6);
        }
    }

    @Test
    void initialisationIsUniformWithinPyTorchsBound() {
        Mlp net = new Mlp(new int[] {400, 300}, 5L);
        float[] w = ((WeightValues.F32) net.weights().get(0).values()).data();
        double bound = 1 / Math.sqrt(400);
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " outside ±" + bound);
            sumSq += v * v;
        }
        // variance of U(−b, b) is b²/3
        assertEquals(bound * bound / 3, sumSq / w.length, 0.02 * bound * bound / 3);
    }

    @Test
    void rejectsDataThatDoesNotFitTheNetwork() {
        TrainingConfig config = TrainingConfig.digits("bad", 8, 0.1, 1, 16).withTags(Map.of());
        DataSplit wrong = SyntheticData.teacher(200, 20, 10, 8, 1).split(50, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(config, wrong));
        assertTrue(e.getMessage().contains("20 features"), e.getMessage());
    }

    @Test
    void configRejectsBadValuesWithAMessage() {
        TrainingConfig ok = TrainingConfig.digits("cfg", 8, 0.1, 1, 16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withBatchSize(0)).getMessage()
                .contains("batch size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withMomentum(1.0)).getMessage()
                .contains("momentum"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(-0.1)).getMessage()
                .contains("learning rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withWeightDecay(Double.NaN)).getMessage()
                .contains("weight decay"));
    }

    @Test
    void learningRateScalingRules() {
        assertEquals(0.1, new LearningRate(0.1, LearningRate.Scaling.CONSTANT, 32).forBatch(512), 0);
        assertEquals(1.6, new LearningRate(0.1, LearningRate.Scaling.LINEAR, 32).forBatch(512), 1e-12);
        assertEquals(0.4, new LearningRate(0.1, LearningRate.Scaling.SQRT, 32).forBatch(512), 1e-12);
    }

    @Test
    void learnsSyntheticTeacherData() {
        DataSplit data = SyntheticData.teacher(2000, 20, 4, 16, 9).split(400, 9);
        TrainingConfig config = new TrainingConfig("synthetic", new int[] {20, 64, 4}, 16, LearningRate.constant(0.1),
                0.9, 0, 10, 1, 0, Map.of());
        TrainingResult r = new Trainer(config, data).run(SnapshotListener.none());
        // chance for 4 roughly balanced classes is ~25-40 %
        assertTrue(r.test().accuracy() > 0.75, "test accuracy " + r.test().accuracy());
    }

    static float[] values(Weights w) {
        return ((WeightValues.F32) w.values()).data();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
