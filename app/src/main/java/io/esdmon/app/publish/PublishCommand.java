package io.esdmon.app.publish;

import io.esdmon.engine.tensor.Weights;
import io.esdmon.formats.LayerTensor;
import io.esdmon.formats.TensorEntry;
import io.esdmon.formats.UnsupportedTensor;
import io.esdmon.formats.WeightFiles;
import io.esdmon.publisher.LayerReceipt;
import io.esdmon.publisher.PublishException;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.app.KafkaFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code esdmon publish}: sends the layers in weight files to Kafka as one training step. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes the 2-D and 4-D float tensors of .npy / .safetensors files (or of every such file"
                + " below a directory) as layer snapshots of one step of a run, then the step's manifest.",
                "Kafka client properties: --kafka-config FILE, then ESDMON_KAFKA_* environment variables"
                        + " (ESDMON_KAFKA_SECURITY_PROTOCOL -> security.protocol), then --kafka-property and"
                        + " --bootstrap; later ones win."})
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaFlags kafka;

    @Option(names = "--run", required = true, description = "run id (no '/')")
    String run;

    @Option(names = "--step", required = true, description = "training step (>= 0)")
    long step;

    @Option(names = "--epoch", defaultValue = "0", description = "epoch at that step (default: ${DEFAULT-VALUE})")
    long epoch;

    @Option(names = "--tag", description = "a fact about the run copied into analyses, e.g. --tag batch_size=32")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--topic", defaultValue = "esd.snapshots", description = "snapshot topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".npy or .safetensors files, or directories")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StepInfo info;
        Map<String, Object> client;
        List<LayerTensor> layers;
        try {
            info = new StepInfo(run, step, epoch, Instant.now(), tags);
            client = kafka.resolve();
            layers = layers(err);
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            err.println("esdmon publish: " + e.getMessage());
            return 2;
        }
        if (layers.isEmpty()) {
            err.println("esdmon publish: no 2-D or 4-D float tensors in " + paths);
            return 2;
        }
        List<LayerReceipt> receipts = new ArrayList<>();
        try (SnapshotPublisher publisher = SnapshotPublisher.create(client, topic)) {
            for (LayerTensor t : layers) {
                Weights w = t.read();
                // one layer at a time: memory stays at one tensor however large the model
                LayerReceipt r = publisher.publishLayer(info, w, receipts.size()).join();
                receipts.add(r);
                out.printf(Locale.ROOT, "published %s %s %,d bytes in %d chunk%s -> %s partition %d offsets %d..%d%n", r.layer(),
                        Arrays.toString(w.shape()), r.totalBytes(), r.chunkCount(), r.chunkCount() == 1 ? "" : "s",
                        topic, r.partition(), r.firstOffset(), r.lastOffset());
            }
            var manifest = publisher.publishManifest(info, receipts).join();
            out.printf(Locale.ROOT, "manifest of run %s step %d: %d layers -> %s partition %d offset %d%n", run, step,
                    receipts.size(), topic, manifest.manifestPartition(), manifest.manifestOffset());
        } catch (CompletionException e) {
            err.println("esdmon publish: " + (e.getCause() instanceof PublishException p ? p.getMessage() : e));
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("esdmon publish: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    /** The publishable tensors of all paths, in path then file order; tells about the others. */
    private List<LayerTensor> layers(PrintWriter err) throws IOException {
        List<LayerTensor> out = new ArrayList<>();
        for (Path p : paths) {
            for (Path file : WeightFiles.find(p)) {
                for (TensorEntry e : WeightFiles.open(file)) {
                    if (e instanceof LayerTensor t) {
                        out.add(t);
                    } else if (e instanceof UnsupportedTensor u) {
                        err.println("esdmon publish: skipping " + u.name() + " in " + file + ": " + u.reason());
                    }
                }
            }
        }
        return out;
    }
}
