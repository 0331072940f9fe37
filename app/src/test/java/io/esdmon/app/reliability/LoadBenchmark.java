package io.esdmon.app.reliability;

import io.esdmon.app.serve.ServeProcess;
import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Load figure on loopback: a 50-layer model (20 layers 256², 16 of 512², 10 of 1024², 4 of 2048²,
 * float32, 125 MiB a step) is published step after step to one in-process broker, with two steps in
 * flight (step s is published once step s−2 is fully analyzed), to {@code esdmon serve} monitors in
 * child JVMs sharing one consumer group over 6 partitions. For each setting (monitors × engine threads
 * each) it runs for a bounded time after a warm-up step and prints sustained layers/s and MiB/s and
 * the p50/p99/max latency from the publish call of a layer to the arrival of its analysis.
 *
 * <p>Arguments: {@code [seconds per setting, default 90] [settings, default 1x1,2x1,1x2]}. Run with
 * {@code app/load.sh}; it is not part of {@code mvn verify}.
 */
public final class LoadBenchmark {

    private static final int[][] MIX = {{256, 20}, {512, 16}, {1024, 10}, {2048, 4}};
    private static final int PARTITIONS = 6;
    private static final int IN_FLIGHT_STEPS = 2;
    private static final Duration WAIT = Duration.ofMinutes(10);

    private record Setting(int monitors, int workers) {
        static Setting parse(String s) {
            String[] p = s.split("x");
            return new Setting(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }

        @Override
        public String toString() {
            return monitors + "x" + workers;
        }
    }

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        List<Setting> settings = Arrays.stream((args.length > 1 ? args[1] : "1x1,2x1,1x2").split(","))
                .map(Setting::parse).toList();
        List<Weights> model = model();
        long stepBytes = model.stream().mapToLong(w -> 4L * w.shape()[0] * w.shape()[1]).sum();
        System.out.printf(Locale.ROOT, "load: %d layers, %.0f MiB a step, %d steps in flight, %d partitions, %d s per setting,"
                + " %d cores%n", model.size(), stepBytes / 1048576.0, IN_FLIGHT_STEPS, PARTITIONS, seconds,
                Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("esdmon-load");
        List<String> rows = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.start(BrokerSettings.ephemeral(dir.resolve("kafka")))) {
            for (Setting s : settings) {
                rows.add(run(broker, dir, s, model, stepBytes, seconds));
            }
        }
        System.out.println();
        System.out.println("| monitors × threads | steps | layers | layers/s | MiB/s | p50 latency s | p99 latency s"
                + " | max latency s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(KafkaBroker broker, Path dir, Setting s, List<Weights> model, long stepBytes,
            int seconds) throws Exception {
        String prefix = "load" + s + ".";
        EsdTopics topics = EsdTopics.withPrefix(prefix);
        String group = "load-" + s;
        try (Admin admin = broker.admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(PARTITIONS, 1));
        }
        List<ServeProcess> monitors = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        try (TopicWatch watch = new TopicWatch(broker.bootstrapServers(), List.of(topics.analyses()));
                SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                        broker.bootstrapServers()), topics.snapshots())) {
            for (int m = 0; m < s.monitors(); m++) {
                String name = "load-" + s + "-" + m;
                names.add(name);
                monitors.add(ServeProcess.start(List.of("-Xmx1g"), dir.resolve(name + ".log"), "--role", "monitor",
                        "--bootstrap", broker.bootstrapServers(), "--http-port", "0", "--topic-prefix", prefix,
                        "--group", group, "--workers", String.valueOf(s.workers()), "--no-create-topics",
                        "--kafka-property", "client.id=" + name).awaitReady());
            }
            try (Admin admin = broker.admin()) {
                ConsumerGroups.awaitMembers(admin, group, names, WAIT);
            }
            StepCounts counts = new StepCounts(watch, topics.analyses());
            Map<String, Long> publishedAt = new HashMap<>();
            publish(publisher, model, 0, publishedAt);
            awaitStep(counts, 0, model.size());
            List<Double> latencies = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int step = 1;
            while (System.nanoTime() < end) {
                if (step - IN_FLIGHT_STEPS >= 1) {
                    awaitStep(counts, step - IN_FLIGHT_STEPS, model.size());
                }
                publish(publisher, model, step, publishedAt);
                step++;
            }
            int last = step - 1;
            for (int k = Math.max(1, last - IN_FLIGHT_STEPS + 1); k <= last; k++) {
                awaitStep(counts, k, model.size());
            }
            long lastArrival = 0;
            for (TopicWatch.Arrival a : watch.arrivals(topics.analyses())) {
                LayerAnalysis la = parse(a);
                if (la.getLayerStep().getStep() >= 1) {
                    latencies.add((a.nanos() - publishedAt.get(key(la.getLayerStep().getLayer(),
                            la.getLayerStep().getStep()))) / 1e9);
                    lastArrival = Math.max(lastArrival, a.nanos());
                }
            }
            double elapsed = (lastArrival - start) / 1e9;
            Collections.sort(latencies);
            String row = String.format(Locale.ROOT, "| %d × %d | %d | %d | %.2f | %.1f | %.2f | %.2f | %.2f |", s.monitors(),
                    s.workers(), last, latencies.size(), latencies.size() / elapsed,
                    last * stepBytes / 1048576.0 / elapsed, rank(latencies, 0.50), rank(latencies, 0.99),
                    latencies.get(latencies.size() - 1));
            System.out.println("load " + s + ": " + row);
            return row;
        } finally {
            for (ServeProcess m : monitors) {
                m.close();
            }
        }
    }

    /** Publishes every layer of {@code step}, noting when each publish call was made, and waits for the acks. */
    private static void publish(SnapshotPublisher publisher, List<Weights> model, int step,
            Map<String, Long> publishedAt) throws Exception {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            publishedAt.put(key(model.get(i).name(), step), System.nanoTime());
            sent.add(publisher.publishLayer(StepInfo.of("load", step), model.get(i), i));
        }
        for (CompletableFuture<?> f : sent) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private static void awaitStep(StepCounts counts, int step, int layers) throws Exception {
        TopicWatch.await(() -> counts.of(step) >= layers, WAIT, () -> "analyses of step " + step);
    }

    /** Analyses per step on a watched topic, each arrival parsed once (the watch's list only grows). */
    private static final class StepCounts {
        private final TopicWatch watch;
        private final String topic;
        private final Map<Long, Integer> perStep = new HashMap<>();
        private int seen;

        StepCounts(TopicWatch watch, String topic) {
            this.watch = watch;
            this.topic = topic;
        }

        synchronized int of(long step) {
            List<TopicWatch.Arrival> all = watch.arrivals(topic);
            for (TopicWatch.Arrival a : all.subList(seen, all.size())) {
                perStep.merge(parse(a).getLayerStep().getStep(), 1, Integer::sum);
            }
            seen = all.size();
            return perStep.getOrDefault(step, 0);
        }
    }

    private static LayerAnalysis parse(TopicWatch.Arrival a) {
        try {
            return LayerAnalysis.parseFrom(a.record().value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String layer, long step) {
        return layer + "@" + step;
    }

    /** Nearest-rank quantile of sorted values. */
    private static double rank(List<Double> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** The layers of {@link #MIX} in a fixed shuffled order, each with its own Gaussian weights. */
    private static List<Weights> model() {
        List<Integer> sizes = new ArrayList<>();
        for (int[] m : MIX) {
            for (int i = 0; i < m[1]; i++) {
                sizes.add(m[0]);
            }
        }
        Random r = new Random(50);
        Collections.shuffle(sizes, r);
        List<Weights> model = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            int n = sizes.get(i);
            float[] data = new float[n * n];
            for (int j = 0; j < data.length; j++) {
                data[j] = (float) (r.nextGaussian() / Math.sqrt(n));
            }
            model.add(Weights.dense(String.format(Locale.ROOT, "layer%02d.weight", i), n, n, data));
        }
        return model;
    }
}
