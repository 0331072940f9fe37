package io.esdmon.dashboard.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.RecordOrigin;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads esd.analyses and esd.transitions into the {@link HistoryStore} on a thread of its own:
 * first everything from the beginning (the history), then new records as they arrive. It uses no
 * consumer group (every dashboard reads everything and commits nothing) and re-reads the partition
 * list periodically, so partitions added later are picked up from their beginning.
 *
 * <p>Reachability: a metadata or offset request that times out means the brokers cannot be
 * reached — {@link FeedState#UNREACHABLE} before the first success, {@link FeedState#RECONNECTING}
 * after it. While records flow nothing is checked; after {@code healthInterval} without records
 * the feed asks for the end offsets to find out.
 */
public final class HistoryFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final String analysesTopic;
    private final String transitionsTopic;
    private final HistoryStore store;
    private final Duration timeout;
    private final Duration healthInterval;
    private final Consumer<FeedStatus> onStatus;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile FeedStatus status;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private boolean everConnected;
    private volatile long recordsRead;
    private volatile long undecodable;
    private final Map<TopicPartition, Long> loadTarget = new HashMap<>();

    /**
     * @param clientProperties  Kafka client settings, passed through (bootstrap.servers, security, ...)
     * @param timeout           how long a metadata or offsets request may take before the brokers
     *                          count as unreachable
     * @param healthInterval    how long without records before reachability is checked
     * @param onStatus          told about every change of state (called on the feed's thread)
     */
    public HistoryFeed(Map<String, Object> clientProperties, String analysesTopic, String transitionsTopic,
            HistoryStore store, Duration timeout, Duration healthInterval, Consumer<FeedStatus> onStatus) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.analysesTopic = analysesTopic;
        this.transitionsTopic = transitionsTopic;
        this.store = store;
        this.timeout = timeout;
        this.healthInterval = healthInterval;
        this.onStatus = onStatus;
        this.status = new FeedStatus(FeedState.CONNECTING, "connecting to Kafka at " + bootstrap(),
                System.currentTimeMillis(), 0, 0);
        this.thread = new Thread(this::run, "esdmon-dashboard-feed");
        thread.setDaemon(true);
    }

    /** Starts reading. */
    public void start() {
        thread.start();
    }

    /** The consumer settings: the pass-through ones, with the few this reader depends on forced. */
    static Map<String, Object> consumerProperties(Map<String, Object> client, String clientId) {
        Map<String, Object> p = new HashMap<>(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG); // partitions are assigned, nothing is committed
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return p;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                consumerProperties(clientProperties, "esdmon-dashboard"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            loop(c);
        } catch (RuntimeException e) {
            LOG.error("the dashboard's Kafka feed stopped", e);
            setStatus(FeedState.STOPPED, "the Kafka feed stopped: " + e);
            return;
        }
        setStatus(FeedState.STOPPED, "the Kafka feed was closed");
    }

    private void loop(KafkaConsumer<byte[], byte[]> c) {
        long nextRefresh = 0;
        long lastActivity = System.nanoTime();
        while (running) {
            try {
                if (System.nanoTime() >= nextRefresh || c.assignment().isEmpty()) {
                    boolean complete = refreshPartitions(c);
                    nextRefresh = System.nanoTime() + (complete ? PARTITION_REFRESH : Duration.ofSeconds(2)).toNanos();
                    lastActivity = System.nanoTime();
                    if (c.assignment().isEmpty()) {
                        sleep(Duration.ofSeconds(1));
                        continue;
                    }
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                if (!records.isEmpty()) {
                    apply(records);
                    lastActivity = System.nanoTime();
                    if (status.state() == FeedState.RECONNECTING || status.state() == FeedState.UNREACHABLE) {
                        connected(c);
                    }
                } else if (System.nanoTime() - lastActivity > healthInterval.toNanos()) {
                    c.endOffsets(c.assignment(), timeout);
                    lastActivity = System.nanoTime();
                    if (status.state() != FeedState.LOADING && status.state() != FeedState.LIVE) {
                        connected(c);
                    }
                }
                if (status.state() == FeedState.LOADING && caughtUp(c)) {
                    setStatus(FeedState.LIVE, "reading " + analysesTopic + " and " + transitionsTopic + " live");
                }
            } catch (TimeoutException e) {
                unreachable(e);
                sleep(Duration.ofSeconds(1));
            } catch (WakeupException | InterruptException e) {
                if (running) {
                    throw e;
                }
            } catch (KafkaException e) {
                // authentication, authorization, bad settings: say so and keep trying
                LOG.warn("Kafka error in the dashboard feed: {}", e.toString());
                unreachable(e);
                sleep(Duration.ofSeconds(5));
            }
        }
    }

    /** Assigns every partition of both topics; new ones start from the beginning. True when both exist. */
    private boolean refreshPartitions(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> all = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (String topic : List.of(analysesTopic, transitionsTopic)) {
            List<PartitionInfo> parts = c.partitionsFor(topic, timeout);
            if (parts == null || parts.isEmpty()) {
                missing.add(topic);
                continue;
            }
            for (PartitionInfo p : parts) {
                all.add(new TopicPartition(topic, p.partition()));
            }
        }
        everConnected = true;
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(c.assignment());
        if (!added.isEmpty()) {
            c.assign(all);
            c.seekToBeginning(added);
            Map<TopicPartition, Long> ends = c.endOffsets(added, timeout);
            loadTarget.putAll(ends);
            if (status.state() != FeedState.LIVE || ends.values().stream().anyMatch(v -> v > 0)) {
                setStatus(FeedState.LOADING, "reading the history of " + analysesTopic + " and " + transitionsTopic);
            }
        }
        if (!missing.isEmpty() && c.assignment().isEmpty()) {
            setStatus(FeedState.WAITING_FOR_TOPICS, "Kafka at " + bootstrap() + " has no topic " + String.join(
                    " or ", missing) + " yet; waiting for the monitor to create it");
        } else if (!missing.isEmpty()) {
            LOG.info("topic {} does not exist yet; reading the others", missing);
        } else if (status.state() != FeedState.LOADING && status.state() != FeedState.LIVE) {
            connected(c);
        }
        return missing.isEmpty();
    }

    private void connected(KafkaConsumer<byte[], byte[]> c) {
        if (caughtUp(c)) {
            setStatus(FeedState.LIVE, "reading " + analysesTopic + " and " + transitionsTopic + " live");
        } else {
            setStatus(FeedState.LOADING, "reading the history of " + analysesTopic + " and " + transitionsTopic);
        }
    }

    private boolean caughtUp(KafkaConsumer<byte[], byte[]> c) {
        for (Map.Entry<TopicPartition, Long> e : loadTarget.entrySet()) {
            if (c.assignment().contains(e.getKey()) && c.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return !c.assignment().isEmpty();
    }

    private void unreachable(KafkaException e) {
        FeedState s = everConnected ? FeedState.RECONNECTING : FeedState.UNREACHABLE;
        String what = e instanceof TimeoutException ? "no answer from the brokers at " + bootstrap() + " within "
                + timeout.toMillis() + " ms" : "the brokers at " + bootstrap() + " failed: " + e.getMessage();
        setStatus(s, what + "; retrying");
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            recordsRead++;
            RecordPosition at = new RecordPosition(r.partition(), r.offset(), r.timestamp());
            try {
                if (r.value() == null) {
                    continue;
                }
                RecordOrigin origin = origin(r);
                if (r.topic().equals(analysesTopic)) {
                    store.addAnalysis(LayerAnalysis.parseFrom(r.value()), at, origin);
                } else {
                    store.addTransition(PhaseTransition.parseFrom(r.value()), at, origin);
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                if (undecodable++ % 1000 == 0) {
                    LOG.warn("skipping a record of {} partition {} offset {} that the dashboard cannot use: {}",
                            r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            }
        }
    }

    /** Who wrote a record: a replay says so in its headers; the monitor's records have none. */
    static RecordOrigin origin(ConsumerRecord<byte[], byte[]> r) {
        Header replay = r.headers().lastHeader(RecordHeaders.REPLAY);
        if (replay == null) {
            return RecordOrigin.MONITOR;
        }
        Header tag = r.headers().lastHeader(RecordHeaders.TAG);
        return new RecordOrigin(new String(replay.value(), StandardCharsets.UTF_8),
                tag == null ? "" : new String(tag.value(), StandardCharsets.UTF_8));
    }

    private void setStatus(FeedState state, String message) {
        FeedStatus old = status;
        if (old.state() == state && old.message().equals(message)) {
            return;
        }
        status = new FeedStatus(state, message, System.currentTimeMillis(), recordsRead, undecodable);
        if (old.state() != state) {
            LOG.info("dashboard feed: {}", message);
        }
        onStatus.accept(status);
    }

    /** The status with the current counters. */
    public FeedStatus currentStatus() {
        FeedStatus s = status;
        return new FeedStatus(s.state(), s.message(), s.sinceMs(), recordsRead, undecodable);
    }

    private String bootstrap() {
        return String.valueOf(clientProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
