package io.esdmon.pipeline.bench;

import static io.esdmon.pipeline.Pipelines.gaussian;
import static io.esdmon.pipeline.bench.TopicTail.median;

import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * End-to-end figures of the stream pipeline on an in-process broker: latency of one 1024×1024 layer
 * (publish → analysis consumed), and sustained throughput for 512×512 and 2048×2048 layers, each next
 * to the engine alone on the same layers in the same process (same options, same thread count), so
 * that pipeline overhead is separated from engine time. Medians of repeated runs.
 *
 * <p>Run: {@code monitor/pipeline/bench.sh [workers]} (default: one per core).
 */
public final class StreamBenchmark {

    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults();

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        var dir = Files.createTempDirectory("esdmon-bench-kafka");
        Vertx vertx = Vertx.vertx();
        try (KafkaBroker broker = KafkaBroker.start(BrokerSettings.ephemeral(dir))) {
            EsdTopics topics = EsdTopics.withPrefix("bench.");
            try (Admin admin = broker.admin()) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(workers, 1));
            }
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            MonitorConfig config = MonitorConfig.defaults(kafka).withTopics(topics).withGroupId("bench")
                    .withWorkers(workers, 2 * workers).withAnalysis(OPTIONS);
            Monitor monitor = Monitor.start(vertx, config)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "esdmon stream benchmark: Kafka %s in-process, %d engine workers, %d cores, options"
                    + " = defaults (MP fit, randomize, detX)%n", KafkaBroker.kafkaVersion(), workers,
                    Runtime.getRuntime().availableProcessors());
            try (SnapshotPublisher publisher = SnapshotPublisher.create(kafka, topics.snapshots());
                    TopicTail reader = new TopicTail(broker, topics.analyses())) {
                latency(publisher, reader, 1024, 7);
                throughput(publisher, reader, workers, 512, 40, 3);
                throughput(publisher, reader, workers, 2048, 6, 2);
            }
            monitor.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static void latency(SnapshotPublisher publisher, TopicTail reader, int size, int runs)
            throws Exception {
        List<Double> e2e = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        List<Double> engine = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        LayerAnalyzer analyzer = new LayerAnalyzer(OPTIONS);
        for (int i = 0; i < runs + 1; i++) { // the first run warms up and is not counted
            Weights w = gaussian("lat" + i, size, size, i);
            long t0 = System.nanoTime();
            publisher.publishLayer(StepInfo.of("bench-latency", i), w, 0).get(60, TimeUnit.SECONDS);
            long acked = System.nanoTime();
            LayerAnalysis a = reader.next(1).get(0);
            long t1 = System.nanoTime();
            long d0 = System.nanoTime();
            analyzer.analyze(w);
            long d1 = System.nanoTime();
            if (i > 0) {
                e2e.add((t1 - t0) / 1e6);
                publish.add((acked - t0) / 1e6);
                engine.add(a.getEngineNanos() / 1e6);
                direct.add((d1 - d0) / 1e6);
            }
        }
        double m = median(e2e);
        double eng = median(engine);
        System.out.printf(Locale.ROOT, "latency %dx%d: end-to-end median %.0f ms = engine %.0f ms + pipeline %.0f ms, of which"
                + " publishing until acknowledged %.0f ms (direct LayerAnalyzer in this process: %.0f ms; ratio"
                + " end-to-end/direct %.2f); %d runs%n", size, size, m, eng, m - eng, median(publish), median(direct),
                m / median(direct), runs);
    }

    private static void throughput(SnapshotPublisher publisher, TopicTail reader, int workers, int size,
            int layers, int runs) throws Exception {
        List<Weights> batch = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            batch.add(gaussian("tp" + size + "." + i, size, size, 100 + i));
        }
        List<Double> pipeline = new ArrayList<>();
        List<Double> engineOnly = new ArrayList<>();
        List<Double> engineMs = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            publisher.publishStep(StepInfo.of("bench-tp" + size, r), batch).get(300, TimeUnit.SECONDS);
            List<LayerAnalysis> got = reader.next(layers);
            long t1 = System.nanoTime();
            pipeline.add(layers / ((t1 - t0) / 1e9));
            engineMs.add(got.stream().mapToLong(LayerAnalysis::getEngineNanos).average().orElseThrow() / 1e6);
            engineOnly.add(layers / (directSeconds(batch, workers)));
        }
        double p = median(pipeline);
        double e = median(engineOnly);
        System.out.printf(Locale.ROOT, "throughput %dx%d: pipeline median %.2f layers/s; engine alone on %d threads %.2f"
                + " layers/s (ratio %.2f); mean engine time per layer in the pipeline %.0f ms; %d layers x %d runs%n",
                size, size, p, workers, e, p / e, median(engineMs), layers, runs);
    }

    private static double directSeconds(List<Weights> batch, int workers) throws Exception {
        LayerAnalyzer analyzer = new LayerAnalyzer(OPTIONS);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Weights w : batch) {
                done.add(pool.submit(() -> analyzer.analyze(w)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdown();
        }
    }
}
