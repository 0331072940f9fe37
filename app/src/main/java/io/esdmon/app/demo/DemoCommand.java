package io.esdmon.app.demo;

import io.esdmon.app.DurationConverter;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.broker.PortInUseException;
import io.esdmon.broker.Ports;
import io.esdmon.trainer.DemoTraining;
import io.esdmon.trainer.DigitsData;
import io.esdmon.trainer.TrainingConfig;
import io.esdmon.trainer.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esdmon demo}: a Kafka broker, the monitor, the dashboard and training jobs in one process,
 * so that the dashboard shows layers moving through the phases within a minute.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in this process: a local Kafka broker (KRaft), the monitor, the live"
                + " dashboard, and training runs of a small MLP on handwritten digits at several batch sizes side"
                + " by side, each publishing weight snapshots as it trains. Open the printed dashboard address to"
                + " watch the layers move through the phases; small batches leave the random-like phase first."
                + " The same server answers GET /health and GET /metrics (Prometheus).",
                "The broker's data goes to a fresh temporary directory, deleted on exit (--data DIR to keep it)."
                        + " If a port is taken the demo says which and with what option to move it, and exits with"
                        + " status 1 before starting anything.",
                "Runs until Ctrl-C (or --duration), which stops the trainers, the publisher, the monitor, the"
                        + " dashboard and the broker in that order and exits with status 0. More: docs/demo.md."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "port of the dashboard, GET /health and GET /metrics (default: ${DEFAULT-VALUE}; 0 = any"
                    + " free port)")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "address the dashboard binds to (default: ${DEFAULT-VALUE}, this machine only)")
    String httpHost;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "the broker's client port (default: ${DEFAULT-VALUE}; its controller takes the next one;"
                    + " 0 = any free ports)")
    int kafkaPort;

    @Option(names = "--data", paramLabel = "DIR", description = "keep the broker's data in DIR, and keep it after"
            + " the demo (default: a fresh temporary directory, deleted on exit)")
    Path data;

    @Option(names = "--keep-data", description = "do not delete the temporary data directory on exit")
    boolean keepData;

    @Option(names = "--batch-sizes", defaultValue = "8,64,512", split = ",", paramLabel = "B",
            description = "one training run per batch size (default: ${DEFAULT-VALUE})")
    int[] batchSizes;

    @Option(names = "--snapshot-every", defaultValue = "" + DemoTraining.SAMPLES_PER_SNAPSHOT, paramLabel = "SAMPLES",
            description = "training samples between two snapshots of a run (default: ${DEFAULT-VALUE}, one epoch;"
                    + " a run with batch B publishes every SAMPLES/B steps)")
    int snapshotEvery;

    @Option(names = "--epochs", defaultValue = "" + DEFAULT_EPOCHS, paramLabel = "N",
            description = "epochs each run trains; the dashboard stays up after they end (default: ${DEFAULT-VALUE};"
                    + " 0 = train until the demo stops)")
    int epochs;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "stop after this long, e.g. 90s, 5m, 1h (default: run until Ctrl-C)")
    Duration duration;

    /**
     * Epochs per run by default: every run passes its phases well before (batch 512 is last, leaving
     * the random-like phase after ~25 epochs), then training ends and frees the CPU.
     */
    static final int DEFAULT_EPOCHS = 200;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = checkOptions();
        if (problem != null) {
            err.println("esdmon demo: " + problem);
            return 2;
        }
        String taken = takenPort();
        if (taken != null) {
            err.println("esdmon demo: " + taken);
            return 1;
        }
        quietLogs();
        long t0 = System.nanoTime();
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("esdmon-demo-") : data.toAbsolutePath();
        String prefix = runPrefix(dir);
        List<TrainingConfig> runs = DemoTraining.defaultRuns(prefix, snapshotEvery, batchSizes).stream()
                .map(r -> epochs == 0 ? r : r.withEpochs(epochs)).toList();
        DemoStack.Settings settings = new DemoStack.Settings(httpHost, httpPort, kafkaPort, dir,
                temporary && !keepData, runs, DigitsData.standardSplit());
        boolean interruptible = StopSignals.install(stopRequested::countDown, () -> {
            err.println("esdmon demo: stopping at once");
            err.flush();
        });
        out.println("esdmon demo: starting a Kafka broker, the monitor and the dashboard ...");
        out.flush();
        DemoStack demo;
        try {
            demo = DemoStack.start(settings, () -> stopRequested.getCount() == 0,
                    m -> {
                        err.println("esdmon demo: " + m);
                        err.flush();
                    });
        } catch (PortInUseException e) {
            err.println("esdmon demo: " + portMessage(e.port(), e.what().equals("port") ? "--kafka-port"
                    : "--kafka-port (the controller uses the next port)"));
            return 1;
        } catch (RuntimeException e) {
            err.println("esdmon demo: could not start: " + e.getMessage());
            return 1;
        }
        if (demo == null) {
            out.println("esdmon demo: stopped before it was ready");
            return 0;
        }
        banner(out, demo, dir, settings.deleteData(), runs, (System.nanoTime() - t0) / 1e9, interruptible);
        boolean byTime = awaitStop(out, demo);
        out.println("esdmon demo: stopping" + (byTime ? " (--duration " + DurationConverter.format(duration)
                + " reached)" : ""));
        out.flush();
        long s0 = System.nanoTime();
        for (TrainingResult r : demo.stopTraining()) {
            if (r.stoppedEarly()) {
                out.println("esdmon demo: " + DemoStack.summary(r));
            }
        }
        out.flush();
        demo.close();
        out.printf(Locale.ROOT, "esdmon demo: stopped in %.1f s%n", (System.nanoTime() - s0) / 1e9);
        out.flush();
        return 0;
    }

    /**
     * Waits for Ctrl-C, SIGTERM or the end of --duration, saying when the training runs end on their
     * own before that; true if the duration ended it.
     */
    private boolean awaitStop(PrintWriter out, DemoStack demo) throws InterruptedException {
        long end = duration == null ? 0 : System.nanoTime() + duration.toNanos();
        demo.trainingFinished().whenComplete((results, e) -> {
            if (e != null) {
                out.println("esdmon demo: training failed: " + e.getMessage());
            } else if (results.stream().noneMatch(TrainingResult::stoppedEarly)) {
                results.forEach(r -> out.println("esdmon demo: " + DemoStack.summary(r)));
                out.println("esdmon demo: training finished; the dashboard stays up until Ctrl-C");
            }
            out.flush();
        });
        while (!stopRequested.await(200, TimeUnit.MILLISECONDS)) {
            if (duration != null && System.nanoTime() - end >= 0) {
                return true;
            }
        }
        return false;
    }

    private String checkOptions() {
        if (batchSizes.length == 0 || Arrays.stream(batchSizes).anyMatch(b -> b < 1)) {
            return "--batch-sizes needs positive batch sizes, e.g. 8,64,512; got " + Arrays.toString(batchSizes);
        }
        if (Arrays.stream(batchSizes).distinct().count() != batchSizes.length) {
            return "--batch-sizes lists a batch size twice: " + Arrays.toString(batchSizes);
        }
        if (epochs < 0) {
            return "--epochs must be at least 1, or 0 to train until the demo stops; got " + epochs;
        }
        if (snapshotEvery < 1) {
            return "--snapshot-every must be at least 1 sample, got " + snapshotEvery;
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            return "--duration must be positive, e.g. 90s or 5m";
        }
        if (data != null && keepData) {
            return "--keep-data applies to the temporary directory only; a --data directory is always kept";
        }
        return null;
    }

    /**
     * The demo's own output is the banner: unless -Desdmon.log.level asks for them, esdmon's progress
     * logs are left out, and so are two warnings of the embedded broker that are expected here: its
     * note on formatting fresh storage, and its internal clients closing twice while it shuts down.
     * Other warnings still show.
     */
    private static void quietLogs() {
        if (System.getProperty("esdmon.log.level") == null) {
            Configurator.setLevel("io.esdmon", Level.WARN);
            Configurator.setLevel("org.apache.kafka.controller.QuorumController", Level.ERROR);
            Configurator.setLevel("org.apache.kafka.clients.NetworkClient", Level.ERROR);
        }
    }

    /** Checks every port before anything starts; the message for the first taken one, or null. */
    private String takenPort() {
        try {
            Ports.claim(httpHost, httpPort, "HTTP port");
        } catch (PortInUseException e) {
            return portMessage(httpPort, "--http-port");
        }
        if (kafkaPort != 0) {
            try {
                Ports.claim("localhost", kafkaPort, "Kafka port");
            } catch (PortInUseException e) {
                return portMessage(kafkaPort, "--kafka-port");
            }
            try {
                Ports.claim("localhost", kafkaPort + 1, "Kafka controller port");
            } catch (PortInUseException e) {
                return portMessage(kafkaPort + 1, "--kafka-port (the broker's controller uses the port after it)");
            }
        }
        return null;
    }

    private static String portMessage(int port, String flag) {
        return "port " + port + " is already in use; stop the process that uses it or choose another port with "
                + flag;
    }

    /**
     * "demo", or "demo-&lt;time&gt;" when {@code dir} holds an earlier demo's data, so that the new runs
     * do not continue the step numbers of the old ones.
     */
    private static String runPrefix(Path dir) {
        if (!Files.exists(dir.resolve("kafka").resolve("log").resolve("meta.properties"))) {
            return "demo";
        }
        return "demo-" + LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("MMdd-HHmmss", Locale.ROOT));
    }

    private void banner(PrintWriter out, DemoStack demo, Path dir, boolean deleted, List<TrainingConfig> runs,
            double seconds, boolean interruptible) {
        TrainingConfig first = runs.get(0);
        int[] sizes = first.layerSizes();
        out.printf(Locale.ROOT, "esdmon demo: ready in %.1f s (Kafka %s, data in %s%s)%n", seconds, KafkaBroker.kafkaVersion(),
                dir, deleted ? ", deleted on exit" : "");
        out.println("esdmon demo: training " + runs.stream().map(TrainingConfig::runId).collect(
                Collectors.joining(", ")) + ": MLP " + Arrays.stream(sizes).mapToObj(Integer::toString).collect(
                Collectors.joining("-")) + " on handwritten digits, learning rate " + first.effectiveLearningRate()
                + ", a snapshot every " + snapshotEvery + " samples");
        out.println();
        out.println("  dashboard:  " + demo.serve().url("/"));
        out.println("  health:     " + demo.serve().url("/health"));
        out.println("  metrics:    " + demo.serve().url("/metrics"));
        out.println("  kafka:      " + demo.broker().bootstrapServers());
        out.println();
        out.println(interruptible ? "Ctrl-C to stop" : "SIGTERM to stop (kill " + ProcessHandle.current().pid()
                + "); Ctrl-C does not reach this process: it was started with SIGINT ignored, as a shell starts"
                + " background jobs");
        out.flush();
    }
}
