package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.proto.DType;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.proto.TensorLayout;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.topics.EsdTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of the real {@code esdmon serve} (child JVM, the shipped log configuration, INFO) under
 * hostile input: record keys and run ids that carry a newline and a forged log line, and a flood
 * of malformed paths with the token on. No line of the log is forged, and the malformed paths leave
 * no trace in it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ServeLogInjectionTest {

    private static final String FORGED = "12:00:00.000 ERROR TokenGuard - admin logged in";
    /** How every line the shipped configuration writes starts. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN"
            + " |ERROR|FATAL) \\S+ - .*");

    @Test
    void hostileKeysNamesAndPathsCannotForgeOrFloodTheLog(KafkaBroker broker, @TempDir Path dir) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        Path log = dir.resolve("serve.log");
        try (ServeProcess serve = ServeProcess.start(List.of("-Dlog4j2.configurationFile=log4j2.xml",
                "-Desdmon.log.level=info"), log, "--bootstrap", broker.bootstrapServers(), "--http-port", "0",
                "--topic-prefix", prefix, "--group", "logs-" + prefix, "--workers", "1", "--no-create-topics",
                "--http-token", "s3cret-token");
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            serve.awaitReady();
            int port = serve.port();

            for (int i = 0; i < 100; i++) {
                assertEquals(400, RawHttp.status(RawHttp.get(port, "/%zz", "127.0.0.1:" + port)));
            }

            String evil = "\n" + FORGED + "\n";
            SnapshotRecord chunk = SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder()
                    .setHeader(SnapshotHeader.newBuilder().setSnapshotId("s-1").setTotalBytes(4800)
                            .setTensor(TensorLayout.newBuilder().setDtype(DType.F32).addShape(40).addShape(30))
                            .setLayerStep(LayerStep.newBuilder().setRunId("run" + evil).setLayer("fc")))
                    .setChunkCount(1).setData(ByteString.copyFrom(new byte[4800]))).build();
            producer.send(new ProducerRecord<>(topics.snapshots(), ("key" + evil).getBytes(StandardCharsets.UTF_8),
                    chunk.toByteArray())).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.snapshots(), ("run" + evil + "/fc").getBytes(
                    StandardCharsets.UTF_8), chunk.toByteArray())).get(30, TimeUnit.SECONDS);
            TopicWatch.await(() -> deadLetters(serve) >= 2, Duration.ofSeconds(60), () -> "dead letters: "
                    + deadLetters(serve));

            String text = Files.readString(log, StandardCharsets.UTF_8);
            for (String trace : List.of("%zz", "Invalid escape", "Unhandled exception", "\tat ")) {
                assertFalse(text.contains(trace), "the malformed paths left " + trace + " in the log:\n" + text);
            }
            assertTrue(text.contains("\\n" + FORGED), "the hostile key is in the log, escaped:\n" + text);
            for (String line : text.split("\n")) {
                assertTrue(LOG_LINE.matcher(line).matches(), "a line the logger did not write:\n" + line
                        + "\nin\n" + text);
                assertFalse(line.startsWith(FORGED), line);
            }
        }
    }

    private static long deadLetters(ServeProcess serve) {
        try {
            return serve.health().getLong("deadLetters");
        } catch (Exception e) {
            return -1;
        }
    }
}
