package io.esdmon.publisher;

import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.ManifestLayer;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.wire.KafkaLoginFailure;
import io.esdmon.wire.ProtoTypes;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotChunker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes layer snapshots of a training run to the snapshot topic in esdmon's wire format
 * (docs/wire-format.md): each layer is cut into records under Kafka's default 1 MB limit, keyed
 * {@code run/layer}, and a step ends with a manifest listing its layers. Every call returns a
 * future that completes when the broker acknowledged all its records (acks=all, idempotent
 * producer), or fails with a {@link PublishException}. Thread-safe.
 *
 * <pre>{@code
 * try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", "localhost:9092"),
 *         "esd.snapshots")) {
 *     p.publishStep(StepInfo.of("run-1", 100).withTags(Map.of("batch_size", "32")), model.weights()).join();
 * }
 * }</pre>
 */
public final class SnapshotPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final SnapshotChunker chunker;
    private final boolean ownsProducer;
    /** The producer's settings, to explain login failures (empty for a caller's producer). */
    private final Map<String, Object> clientProperties;

    private SnapshotPublisher(Producer<byte[], byte[]> producer, String topic, SnapshotChunker chunker,
            boolean ownsProducer, Map<String, Object> clientProperties) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the snapshot topic name is required (default esd.snapshots)");
        }
        this.producer = producer;
        this.topic = topic;
        this.chunker = chunker;
        this.ownsProducer = ownsProducer;
        this.clientProperties = clientProperties;
    }

    /** A publisher on a producer the caller owns and closes. */
    public SnapshotPublisher(Producer<byte[], byte[]> producer, String topic, SnapshotChunker chunker) {
        this(producer, topic, chunker, false, Map.of());
    }

    /**
     * A publisher with its own producer. {@code kafkaProperties} pass through to the producer (at least
     * bootstrap.servers; security settings as needed); esdmon's defaults (acks=all, idempotence,
     * linger.ms=5) apply where they say nothing.
     */
    public static SnapshotPublisher create(Map<String, Object> kafkaProperties, String topic) {
        Map<String, Object> config = producerConfig(kafkaProperties);
        return new SnapshotPublisher(new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer()), topic, new SnapshotChunker(), true, config);
    }

    /** esdmon's producer defaults overlaid with the caller's properties. */
    public static Map<String, Object> producerConfig(Map<String, Object> kafkaProperties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "esdmon-publisher");
        config.putAll(kafkaProperties);
        return config;
    }

    /** Publishes one layer's weights as stored (float32 or float64). */
    public CompletableFuture<LayerReceipt> publishLayer(StepInfo step, Weights weights, int layerIndex) {
        return publish(step, weights.name(), weights.kind(), layerIndex, LayerPayload.of(weights));
    }

    /**
     * Publishes a spectrum the trainer computed: the m·rf pooled eigenvalues λ = σ² of a layer whose
     * slices are n×m (n ≥ m), already scaled as the analysis expects (WeightWatcher halves pooled
     * conv2d eigenvalues).
     */
    public CompletableFuture<LayerReceipt> publishSpectrum(StepInfo step, String layer, LayerKind kind,
            int layerIndex, double[] evals, int n, int m, int rf) {
        return publish(step, layer, kind, layerIndex, new LayerPayload.Spectrum(n, m, rf, evals));
    }

    /** Publishes any payload (for example raw float16 bytes) for one layer. */
    public CompletableFuture<LayerReceipt> publish(StepInfo step, String layer, LayerKind kind, int layerIndex,
            LayerPayload payload) {
        SnapshotHeader header = SnapshotChunker.header(UUID.randomUUID().toString(),
                layerStep(step, layer, kind, layerIndex), payload);
        List<SnapshotRecord> records = chunker.chunk(header, payload);
        byte[] key = RecordKeys.layerKeyBytes(step.runId(), layer);
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String what = "chunk " + i + " of " + records.size() + " of layer " + layer + " (run " + step.runId()
                    + ", step " + step.step() + ")";
            acks.add(send(key, records.get(i).toByteArray(), what));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            RecordMetadata first = acks.get(0).join();
            RecordMetadata last = acks.get(acks.size() - 1).join();
            return new LayerReceipt(layer, kind, layerIndex, header.getSnapshotId(), records.size(),
                    header.getTotalBytes(), first.partition(), first.offset(), last.offset());
        });
    }

    /**
     * Publishes every layer of a step (layer index = list position), then, once all are
     * acknowledged, the step's manifest.
     */
    public CompletableFuture<StepReceipt> publishStep(StepInfo step, List<Weights> layers) {
        List<CompletableFuture<LayerReceipt>> sent = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            sent.add(publishLayer(step, layers.get(i), i));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenCompose(v -> publishManifest(step, sent.stream().map(CompletableFuture::join).toList()));
    }

    /** Publishes the manifest of a step whose layers the caller published one by one. */
    public CompletableFuture<StepReceipt> publishManifest(StepInfo step, List<LayerReceipt> layers) {
        SnapshotManifest.Builder m = SnapshotManifest.newBuilder().setRunId(step.runId()).setStep(step.step())
                .setEpoch(step.epoch()).setWallTime(ProtoTypes.timestamp(step.wallTime())).putAllTags(step.tags());
        for (LayerReceipt r : layers) {
            m.addLayers(ManifestLayer.newBuilder().setLayer(r.layer()).setKind(ProtoTypes.toProto(r.kind()))
                    .setLayerIndex(r.layerIndex()).setSnapshotId(r.snapshotId()).setChunkCount(r.chunkCount())
                    .setTotalBytes(r.totalBytes()));
        }
        byte[] value = SnapshotRecord.newBuilder().setManifest(m).build().toByteArray();
        return send(RecordKeys.runKeyBytes(step.runId()), value, "manifest of run " + step.runId() + " step "
                + step.step()).thenApply(md -> new StepReceipt(step, layers, md.partition(), md.offset()));
    }

    /** Sends whatever is buffered and waits for it. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and, if this publisher created its producer, closes it. */
    @Override
    public void close() {
        producer.flush();
        if (ownsProducer) {
            producer.close();
        }
    }

    private CompletableFuture<RecordMetadata> send(byte[] key, byte[] value, String what) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                if (e != null) {
                    ack.completeExceptionally(new PublishException(what + " (" + value.length + " bytes) was not"
                            + " acknowledged by topic " + topic + ": " + reason(e) + hint(e), e));
                } else {
                    ack.complete(md);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(new PublishException(what + " could not be sent to topic " + topic + ": "
                    + reason(e), e));
        }
        return ack;
    }

    /** Kafka's message, or for a failed login one line saying which user and mechanism and what to check. */
    private String reason(Exception e) {
        return KafkaLoginFailure.describe(e, clientProperties).orElse(e.getMessage());
    }

    /** What to do about a refusal whose cause the caller can fix. */
    private static String hint(Exception e) {
        if (e instanceof RecordTooLargeException) {
            return "; esdmon cuts payloads into chunks of at most " + SnapshotChunker.DEFAULT_CHUNK_BYTES
                    + " bytes, which fit Kafka's 1 MB defaults: keep the producer's max.request.size and the topic's"
                    + " max.message.bytes (broker message.max.bytes) at 1048576 or more";
        }
        return "";
    }

    private static LayerStep layerStep(StepInfo step, String layer, LayerKind kind, int layerIndex) {
        return LayerStep.newBuilder().setRunId(step.runId()).setStep(step.step()).setEpoch(step.epoch())
                .setWallTime(ProtoTypes.timestamp(step.wallTime())).setLayer(layer).setKind(ProtoTypes.toProto(kind))
                .setLayerIndex(layerIndex).putAllTags(step.tags()).build();
    }
}

