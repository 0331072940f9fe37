package io.esdmon.trainer.experiment;

import io.esdmon.trainer.DataSplit;
import io.esdmon.trainer.DemoTraining;
import io.esdmon.trainer.DigitsData;
import io.esdmon.trainer.SnapshotListener;
import io.esdmon.trainer.Trainer;
import io.esdmon.trainer.TrainingConfig;
import io.esdmon.trainer.TrainingResult;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training speed of the pure-Java trainer on one thread: for each batch size, {@code repeats}
 * timed runs of {@code epochs} epochs (after one warm-up run), printed as the median of samples/s
 * and steps/s. experiments/trainer-speed/bench.sh runs PyTorch on the same network next to it.
 *
 * <pre>java -cp … io.esdmon.trainer.experiment.TrainerBenchmark [epochs=2] [repeats=5] [batch sizes=2,8,32,128,512]
 *     [hidden=512,256]</pre>
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] batchSizes = ints(args.length > 2 ? args[2] : "2,8,32,128,512");
        int[] hidden = args.length > 3 ? ints(args[3]) : DemoTraining.HIDDEN;
        DataSplit data = DigitsData.standardSplit();
        System.out.printf(Locale.ROOT, "java: hidden %s, %d epochs x %d repeats, median%n", Arrays.toString(hidden),
                epochs, repeats);
        for (int b : batchSizes) {
            TrainingConfig c = TrainingConfig.digits("bench-bs" + b, b, 0.05, epochs, hidden);
            new Trainer(c, data).run(SnapshotListener.none());
            double[] samplesPerSecond = new double[repeats];
            double[] stepsPerSecond = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                TrainingResult r = new Trainer(c, data).run(SnapshotListener.none());
                stepsPerSecond[i] = r.stepsPerSecond();
                samplesPerSecond[i] = (double) epochs * data.train().size() / (r.elapsed().toNanos() / 1e9);
            }
            System.out.printf(Locale.ROOT, "java bs %4d: %8.0f samples/s %8.0f steps/s%n", b, median(samplesPerSecond),
                    median(stepsPerSecond));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
