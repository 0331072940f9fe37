package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import io.esdmon.app.analyze.Cli;
import io.esdmon.engine.testutil.ReferenceFiles;
import io.esdmon.testkit.SecureKafka;
import io.esdmon.testkit.SecureKafkaExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code esdmon serve} as operators run it: loopback-only unless told otherwise, a bearer token on
 * everything but /health, SASL logins to Kafka for the monitor and the dashboard, no secret in its
 * output, and a refused login as one line and a non-zero exit.
 */
@ExtendWith(SecureKafkaExtension.class)
class ServeSecurityTest {

    private static final String MECHANISM = "SCRAM-SHA-512";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theHttpPortBindsToLoopbackUnlessAnotherAddressIsGiven() {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs("--bootstrap", "localhost:9092");
        assertEquals("127.0.0.1", serve.httpHost);
        cli.parseArgs("--bootstrap", "localhost:9092", "--http-host", "0.0.0.0");
        assertEquals("0.0.0.0", serve.httpHost);
    }

    /**
     * The monitor consumes and produces, and the dashboard reads, over SASL/SCRAM with the password in
     * ESDMON_KAFKA_SASL_JAAS_CONFIG and the token in ESDMON_HTTP_TOKEN; with Kafka's and esdmon's INFO
     * logs on, neither secret is printed. The server answers on 127.0.0.1 and not on 127.0.0.2 (another
     * loopback address: binding elsewhere needs --http-host).
     */
    @Test
    void servesOverSaslWithATokenAndPrintsNoSecret(SecureKafka kafka) throws Exception {
        EsdTopics topics = topics(kafka, 1);
        String token = "tok-" + System.nanoTime();
        Map<String, String> env = Map.of("ESDMON_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "ESDMON_KAFKA_SASL_MECHANISM", MECHANISM,
                "ESDMON_KAFKA_SASL_JAAS_CONFIG", SecureKafka.jaas(MECHANISM, kafka.user(), kafka.password()),
                "ESDMON_HTTP_TOKEN", token);
        try (Child serve = Child.serve(tmp, env, "--bootstrap", kafka.broker().bootstrapServers("SASL_PLAINTEXT"),
                "--http-port", "0", "--topic-prefix", prefix(topics), "--workers", "1", "--no-create-topics")) {
            String base = serve.awaitLine("dashboard: ").split(" ")[0];
            assertTrue(base.startsWith("http://127.0.0.1:"), base);
            int port = URI.create(base).getPort();

            assertEquals(200, get(base + "health", null).statusCode());
            for (String path : List.of("", "api/status", "api/runs", "metrics")) {
                assertEquals(401, get(base + path, null).statusCode(), "/" + path + " without the token");
                assertEquals(401, get(base + path, "wrong").statusCode(), "/" + path + " with a wrong token");
            }
            assertEquals(200, get(base, token).statusCode());
            assertEquals(200, get(base + "api/status", token).statusCode());
            HttpResponse<String> metrics = get(base + "metrics", token);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("esdmon_"), metrics.body());
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.2", port), 2000);
                }
            }, "bound to 127.0.0.1 only");

            Cli.Result pub = Cli.run("publish", "--bootstrap", kafka.broker().bootstrapServers("SASL_PLAINTEXT"),
                    "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism="
                            + MECHANISM, "--kafka-property", "sasl.jaas.config=" + SecureKafka.jaas(MECHANISM,
                            kafka.user(), kafka.password()), "--run", "sasl-run", "--step", "3", "--topic",
                    topics.snapshots(), ReferenceFiles.matricesDir().resolve("conv_32x16x3x3_init.npy").toString());
            assertEquals(0, pub.exit(), pub.err());
            // the monitor wrote the analysis over SASL; read it on the PLAINTEXT listener
            assertEquals(1, TopicRecords.read(kafka.broker(), topics.analyses(), 1, Duration.ofSeconds(90)).size());
            awaitRun(base, token, "sasl-run");

            serve.stop();
            String output = serve.output();
            assertTrue(output.contains("ConsumerConfig values"), "Kafka's INFO config dump is missing:\n" + output);
            assertFalse(output.contains(kafka.password()), "the SASL password was printed:\n" + output);
            assertFalse(output.contains(token), "the HTTP token was printed:\n" + output);
        }
    }

    @Test
    void aRefusedLoginEndsTheStartWithOneLine(SecureKafka kafka) throws Exception {
        String wrong = "wrong-" + System.nanoTime();
        Map<String, String> env = Map.of("ESDMON_KAFKA_SASL_JAAS_CONFIG", SecureKafka.jaas(MECHANISM, kafka.user(),
                wrong));
        long start = System.nanoTime();
        try (Child serve = Child.serve(tmp, env, "--bootstrap", kafka.broker().bootstrapServers("SASL_PLAINTEXT"),
                "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property",
                "sasl.mechanism=" + MECHANISM, "--http-port", "0")) {
            assertEquals(1, serve.awaitExit(Duration.ofSeconds(60)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(40).toNanos(), "exits at once");
            String output = serve.output();
            List<String> esdmonLines = output.lines().filter(l -> l.startsWith("esdmon serve: ")).toList();
            assertEquals(1, esdmonLines.size(), output);
            assertTrue(esdmonLines.get(0).startsWith("esdmon serve: Kafka at "
                    + kafka.broker().bootstrapServers("SASL_PLAINTEXT") + " rejected the login (security.protocol"
                    + " SASL_PLAINTEXT, sasl.mechanism " + MECHANISM + ", user \"" + kafka.user() + "\")"), output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
            assertFalse(output.contains(wrong), output);
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitRun(String base, String token, String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(base + "api/runs", token).body();
            if (body.contains("\"" + run + "\"")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the dashboard never showed run " + run + " read over SASL: " + body);
    }

    private static EsdTopics topics(SecureKafka kafka, int partitions) {
        EsdTopics topics = EsdTopics.withPrefix("sec" + System.nanoTime() + ".");
        try (Admin admin = kafka.broker().admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(partitions, 1));
        }
        return topics;
    }

    private static String prefix(EsdTopics topics) {
        return topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
    }

    /** {@code esdmon serve} in a child JVM with extra environment, standard output and error in one file. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Child serve(Path dir, Map<String, String> env, String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Desdmon.log.level=info",
                    // the shipped configuration, not the testkit's log4j2-test.xml on this class path
                    "-Dlog4j2.configurationFile=log4j2.xml", "-cp",
                    System.getProperty("java.class.path"), Esdmon.class.getName(), "serve"));
            command.addAll(List.of(args));
            Path log = Files.createTempFile(dir, "serve", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ESDMON_"));
            pb.environment().putAll(env);
            return new Child(pb.start(), log);
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** The rest of the first line starting with {@code prefix}, once serve printed it. */
        String awaitLine(String prefix) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : output().lines().toList()) {
                    if (line.startsWith(prefix)) {
                        return line.substring(prefix.length());
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("serve exited " + process.exitValue() + ":\n" + output());
                }
                Thread.sleep(200);
            }
            throw new AssertionError("serve never printed '" + prefix + "':\n" + output());
        }

        int awaitExit(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("serve still runs after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        }

        void stop() throws Exception {
            process.destroy(); // SIGTERM: the shutdown hook stops cleanly
            awaitExit(Duration.ofSeconds(60));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
