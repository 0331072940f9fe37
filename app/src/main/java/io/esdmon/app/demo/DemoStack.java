package io.esdmon.app.demo;

import io.esdmon.app.replay.DashboardReplays;
import io.esdmon.app.serve.HttpLimits;
import io.esdmon.app.serve.ServeStack;
import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.trainer.DataSplit;
import io.esdmon.trainer.DemoTraining;
import io.esdmon.trainer.TrainingConfig;
import io.esdmon.trainer.TrainingResult;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import io.esdmon.wire.topics.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Everything {@code esdmon demo} runs in one process: a single-node Kafka broker, the topics, a
 * snapshot publisher and the training runs publishing through it, the monitor with its metrics and
 * the dashboard on one HTTP server ({@link ServeStack}). Started in that order; stopped trainers first, then the
 * publisher, the monitor and the dashboard, the broker.
 */
final class DemoStack implements AutoCloseable {

    /**
     * @param httpHost    address of the dashboard's HTTP server
     * @param httpPort    its port (0 = any free port)
     * @param kafkaPort   the broker's client port (0 = any free port); its controller uses the next one
     * @param dataDir     where the broker keeps its data
     * @param deleteData  delete {@code dataDir} on close
     * @param runs        the training runs
     * @param data        what they train on
     */
    record Settings(String httpHost, int httpPort, int kafkaPort, Path dataDir, boolean deleteData,
            List<TrainingConfig> runs, DataSplit data) {
    }

    /**
     * Snapshots per run the trainers may publish ahead of the monitor's analyses (beyond that they
     * wait, up to {@link #MAX_PACING_WAIT}): the dashboard then lags at most about this many snapshots.
     */
    static final int SNAPSHOTS_AHEAD = Integer.getInteger("esdmon.demo.ahead", 2);
    static final Duration MAX_PACING_WAIT = Duration.ofSeconds(10);

    /** Snapshot bytes the demo keeps per partition: enough for minutes of replay, bounded on disk. */
    static final long SNAPSHOT_RETENTION_BYTES = 64L << 20;

    private final Settings settings;
    private final Consumer<String> log;
    private KafkaBroker broker;
    private volatile ServeStack serve;
    private SnapshotPublisher publisher;
    private PublishingListener listener;
    private Pacer pacer;
    private DemoTraining training;
    private final CompletableFuture<List<TrainingResult>> finished = new CompletableFuture<>();

    private DemoStack(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Starts everything, reporting each step to {@code log}. Returns null (with whatever was started
     * stopped again) as soon as {@code cancelled} says so between steps; on a failure stops what was
     * started and rethrows.
     */
    static DemoStack start(Settings settings, BooleanSupplier cancelled, Consumer<String> log) {
        DemoStack demo = new DemoStack(settings, log);
        try {
            demo.startBroker();
            if (cancelled.getAsBoolean()) {
                demo.close();
                return null;
            }
            demo.createTopics();
            // training first: its first snapshots wait in Kafka while the monitor starts (from the
            // earliest offset), so the dashboard shows phases a few seconds sooner
            demo.startTraining();
            demo.startServe();
            if (cancelled.getAsBoolean()) {
                demo.close();
                return null;
            }
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void startBroker() {
        int kafkaPort = settings.kafkaPort();
        broker = KafkaBroker.start(new BrokerSettings("localhost", kafkaPort, kafkaPort == 0 ? 0 : kafkaPort + 1,
                settings.dataDir().resolve("kafka"), false, Map.of()));
    }

    private void createTopics() {
        try (Admin admin = broker.admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topicSpecs());
        }
    }

    /** esdmon's topics as production creates them, except that snapshots keep less on disk. */
    static List<TopicSpec> topicSpecs() {
        EsdTopics t = EsdTopics.DEFAULT;
        return t.specs(EsdTopics.DEFAULT_PARTITIONS, 1).stream().map(s -> {
            if (!s.name().equals(t.snapshots())) {
                return s;
            }
            Map<String, String> configs = new HashMap<>(s.configs());
            configs.put("retention.bytes", String.valueOf(SNAPSHOT_RETENTION_BYTES));
            configs.put("segment.bytes", String.valueOf(SNAPSHOT_RETENTION_BYTES / 4));
            return new TopicSpec(s.name(), s.partitions(), s.replicationFactor(), configs);
        }).toList();
    }

    private void startServe() {
        Map<String, Object> kafka = kafka();
        MonitorConfig monitor = MonitorConfig.defaults(kafka).withCreateTopics(false);
        DashboardConfig dashboard = DashboardConfig.defaults(kafka).withTopics(EsdTopics.DEFAULT)
                .withBind(settings.httpHost(), settings.httpPort());
        serve = ServeStack.start(new ServeStack.Settings(monitor, MetricsConfig.defaults(), dashboard,
                DashboardReplays.on(kafka, EsdTopics.DEFAULT, 1, 3), Optional.empty(), settings.httpHost(),
                settings.httpPort(), HttpLimits.DEFAULT));
    }

    private void startTraining() {
        publisher = SnapshotPublisher.create(kafka(), EsdTopics.DEFAULT.snapshots());
        listener = new PublishingListener(publisher, log);
        long layers = settings.runs().stream().mapToLong(r -> r.layerSizes().length - 1).sum();
        pacer = new Pacer(listener, this::backlog, SNAPSHOTS_AHEAD * layers, MAX_PACING_WAIT);
        training = new DemoTraining(settings.runs(), settings.data());
        training.start(pacer);
        DemoTraining started = training;
        Thread watch = new Thread(() -> {
            try {
                finished.complete(started.await(Duration.ofDays(36500)));
            } catch (Exception e) {
                finished.completeExceptionally(e);
            }
        }, "esdmon-demo-training-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Layers published and not yet analyzed (all of them while the monitor is starting). */
    private long backlog() {
        ServeStack s = serve;
        long done = s == null ? 0 : s.monitor().map(m -> m.stats().analysesWritten() + m.stats().deadLetters())
                .orElse(0L);
        return listener.layersSent() - done;
    }

    /** Completes with the runs' results when every run has ended on its own or was stopped. */
    CompletableFuture<List<TrainingResult>> trainingFinished() {
        return finished;
    }

    private Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    KafkaBroker broker() {
        return broker;
    }

    ServeStack serve() {
        return serve;
    }

    PublishingListener listener() {
        return listener;
    }

    /**
     * Stops the trainers (each after its current step, with a last snapshot), flushes the publisher,
     * stops the monitor and the dashboard, then the broker, and deletes the data if asked to.
     * Failures of one part are reported and do not keep the others running.
     */
    @Override
    public void close() {
        if (training != null) {
            step("the training runs", this::stopTraining);
        }
        if (publisher != null) {
            step("the publisher", publisher::close);
            publisher = null;
        }
        if (serve != null) {
            ServeStack s = serve;
            step("the monitor and the dashboard", () -> s.stop(Duration.ofSeconds(30)));
            serve = null;
        }
        if (broker != null) {
            step("the broker", broker::close);
            broker = null;
        }
        if (settings.deleteData()) {
            step("deleting " + settings.dataDir(), () -> deleteTree(settings.dataDir()));
        }
    }

    /**
     * Stops the training runs (each after its current step, with a last snapshot) and returns how
     * they ended; empty if they were stopped before.
     */
    List<TrainingResult> stopTraining() throws InterruptedException {
        if (training == null) {
            return List.of();
        }
        pacer.release();
        try {
            return training.stop();
        } finally {
            training.close();
            training = null;
        }
    }

    /** One line on how a run ended: steps, epochs, test accuracy. */
    static String summary(TrainingResult r) {
        return String.format(java.util.Locale.ROOT, "%s: %d steps, %d epochs in %.0f s, test accuracy %.3f",
                r.config().runId(), r.steps(), r.epochs(), r.elapsed().toNanos() / 1e9, r.test().accuracy());
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String what, Step s) {
        try {
            s.run();
        } catch (Exception e) {
            log.accept("stopping " + what + " failed: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
