package io.esdmon.trainer.experiment;

import io.esdmon.trainer.DigitsData;
import io.esdmon.trainer.LearningRate;
import io.esdmon.trainer.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the batch-size sweep and writes its table into a Markdown page (between the markers of
 * the named block, see {@link SweepReport#begin}, keeping the rest of the page) plus
 * {@code summary.csv} and {@code eigenvalues.csv} for the plot script.
 *
 * <pre>
 * java -cp … io.esdmon.trainer.experiment.BatchSizeExperiment [--epochs 20] [--lr 0.05]
 *     [--lr-scaling constant|linear|sqrt] [--lr-reference-batch 32] [--momentum 0] [--weight-decay 0]
 *     [--hidden 512,256] [--layer fc2] [--batch-sizes 2,4,8,16,32,64,128,256,512] [--seed 501]
 *     [--threads 1] [--page docs/batch-size-experiment.md] [--block main] [--data experiments/batch-size/results]
 * </pre>
 */
public final class BatchSizeExperiment {

    /** The defaults: the setup documented in docs/batch-size-experiment.md. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("epochs", "20"), Map.entry("lr", "0.05"),
            Map.entry("lr-scaling", "constant"), Map.entry("lr-reference-batch", "32"), Map.entry("momentum", "0"),
            Map.entry("weight-decay", "0"), Map.entry("hidden", "512,256"), Map.entry("layer", "fc2"),
            Map.entry("batch-sizes", "2,4,8,16,32,64,128,256,512"), Map.entry("seed", "501"),
            Map.entry("threads", "1"), Map.entry("page", "docs/batch-size-experiment.md"),
            Map.entry("block", SweepReport.MAIN_BLOCK),
            Map.entry("data", "experiments/batch-size/results"));

    private BatchSizeExperiment() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> o = parse(args);
        BatchSizeSweep.Setup setup = setup(o);
        int threads = Integer.parseInt(o.get("threads"));
        System.out.println("batch-size sweep: " + setup.base() + ", layer " + setup.layer() + ", batch sizes "
                + Arrays.toString(setup.batchSizes()) + ", " + threads + " thread(s)");
        BatchSizeSweep.Result result = BatchSizeSweep.run(setup, DigitsData.standardSplit(), threads,
                System.out::println);

        String command = "experiments/batch-size/run.sh " + String.join(" ", args);
        Path page = Path.of(o.get("page"));
        String block = o.get("block");
        writePage(page, block, SweepReport.markdown(result, command.strip(), block));
        Path data = Path.of(o.get("data"));
        Files.createDirectories(data);
        Files.writeString(data.resolve("summary.csv"), SweepReport.summaryCsv(result), StandardCharsets.UTF_8);
        Files.writeString(data.resolve("eigenvalues.csv"), SweepReport.eigenvaluesCsv(result), StandardCharsets.UTF_8);
        System.out.println("wrote " + page + ", " + data.resolve("summary.csv") + ", " + data.resolve("eigenvalues.csv"));
    }

    static BatchSizeSweep.Setup setup(Map<String, String> o) {
        int[] hidden = ints(o.get("hidden"));
        TrainingConfig base = TrainingConfig.digits("sweep", 1, Double.parseDouble(o.get("lr")),
                        Integer.parseInt(o.get("epochs")), hidden)
                .withLearningRate(new LearningRate(Double.parseDouble(o.get("lr")),
                        LearningRate.Scaling.valueOf(o.get("lr-scaling").toUpperCase(Locale.ROOT)),
                        Integer.parseInt(o.get("lr-reference-batch"))))
                .withMomentum(Double.parseDouble(o.get("momentum")))
                .withWeightDecay(Double.parseDouble(o.get("weight-decay")))
                .withSeed(Long.parseLong(o.get("seed")));
        return new BatchSizeSweep.Setup(base, o.get("layer"), ints(o.get("batch-sizes")));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!o.containsKey(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options are --"
                        + String.join(", --", DEFAULTS.keySet()) + ", each followed by a value");
            }
            o.put(key, args[i + 1]);
        }
        return o;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** Replaces the generated block of an existing page, or starts a page with just that block. */
    static void writePage(Path page, String name, String block) throws IOException {
        String text;
        String begin = SweepReport.begin(name);
        String end = SweepReport.end(name);
        if (Files.exists(page)) {
            String old = Files.readString(page, StandardCharsets.UTF_8);
            int b = old.indexOf(begin);
            int e = old.indexOf(end);
            if (b < 0 || e < b) {
                throw new IllegalStateException(page + " has no generated block " + name + "; add the two marker lines "
                        + begin + " and " + end + " where the table belongs");
            }
            text = old.substring(0, b) + block + old.substring(e + end.length() + 1);
        } else {
            text = "# Batch size and the ESD of a hidden layer\n\n" + block;
        }
        if (page.getParent() != null) {
            Files.createDirectories(page.getParent());
        }
        Files.writeString(page, text, StandardCharsets.UTF_8);
    }
}
