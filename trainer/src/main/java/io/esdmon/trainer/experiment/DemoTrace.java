package io.esdmon.trainer.experiment;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.trainer.DemoTraining;
import io.esdmon.trainer.DigitsData;
import io.esdmon.trainer.TrainingResult;
import io.esdmon.trainer.TrainingSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Measures what the live demo shows: runs {@link DemoTraining}'s default runs for a while, keeps
 * one layer of every snapshot, and afterwards (so analysis does not steal CPU from training)
 * analyzes each with the engine and the phase classifier. Writes a CSV of (run, batch size,
 * seconds, step, epoch, test accuracy, α, mp_softrank, num_spikes, stable rank, λ_max, phase).
 *
 * <pre>
 * java -cp … io.esdmon.trainer.experiment.DemoTrace [seconds=60] [out=experiments/demo-trace/trace.csv]
 *     [layer=fc2] [batch sizes=8,64,512]
 * </pre>
 */
public final class DemoTrace {

    private DemoTrace() {
    }

    /** One snapshot's layer, kept for analysis after the run. */
    record Kept(String runId, int batchSize, double seconds, long step, int epoch, double testAccuracy,
            Weights layer) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path out = Path.of(args.length > 1 ? args[1] : "experiments/demo-trace/trace.csv");
        String layer = args.length > 2 ? args[2] : "fc2";
        int[] batchSizes = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : DemoTraining.BATCH_SIZES;

        ConcurrentLinkedQueue<Kept> kept = new ConcurrentLinkedQueue<>();
        List<TrainingResult> results;
        try (DemoTraining demo = new DemoTraining(
                DemoTraining.defaultRuns("demo", DemoTraining.SAMPLES_PER_SNAPSHOT, batchSizes),
                DigitsData.standardSplit())) {
            demo.start(s -> kept.add(keep(s, layer)));
            Thread.sleep(seconds * 1000L);
            results = demo.stop();
        }
        for (TrainingResult r : results) {
            System.out.printf(Locale.ROOT, "%s: %d steps, %d epochs in %.1f s (%.0f steps/s), test acc %.3f%n",
                    r.config().runId(), r.steps(), r.epochs(), r.elapsed().toNanos() / 1e9, r.stepsPerSecond(),
                    r.test().accuracy());
        }

        LayerAnalyzer analyzer = new LayerAnalyzer(BatchSizeSweep.OPTIONS);
        List<Kept> rows = new ArrayList<>(kept);
        rows.sort(Comparator.comparingInt(Kept::batchSize).thenComparingLong(Kept::step));
        StringBuilder csv = new StringBuilder(
                "run,batch_size,seconds,step,epoch,test_acc,alpha,mp_softrank,num_spikes,stable_rank,lambda_max,phase\n");
        for (Kept k : rows) {
            LayerAnalysis a = (LayerAnalysis) analyzer.analyze(k.layer());
            EsdSummary e = EsdSummary.of(a);
            csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%d,%d,%.4f,%.4f,%.4f,%d,%.3f,%.4f,%s%n", k.runId(),
                    k.batchSize(), k.seconds(), k.step(), k.epoch(), k.testAccuracy(), e.alpha(), e.mpSoftrank(),
                    e.numSpikes(), e.stableRank(), e.lambdaMax(), BatchSizeSweep.PHASES.classify(a).phase().name()));
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, csv, StandardCharsets.UTF_8);
        System.out.println("wrote " + rows.size() + " analyzed snapshots to " + out);
    }

    private static Kept keep(TrainingSnapshot s, String layer) {
        return new Kept(s.runId(), Integer.parseInt(s.tags().get("batch_size")), s.elapsed().toNanos() / 1e9,
                s.step(), s.epoch(), s.testAccuracy(), s.layer(layer));
    }
}
