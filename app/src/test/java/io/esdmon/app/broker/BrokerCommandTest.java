package io.esdmon.app.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.Esdmon;
import io.esdmon.wire.topics.EsdTopics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerCommandTest {

    @TempDir
    Path tmp;

    /** The real command in a child JVM: ready line, topics on the broker, clean stop on Ctrl-C (SIGINT). */
    @Test
    void runsUntilSignalledAndStopsCleanly() throws Exception {
        Path data = tmp.resolve("kafka");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Esdmon.class.getName(),
                "broker", "--port", "0", "--data", data.toString(), "--partitions", "2")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String bootstrap = null;
            String line;
            while ((line = out.readLine()) != null && !line.equals("press Ctrl-C to stop")) {
                lines.add(line);
                if (line.startsWith("bootstrap servers: ")) {
                    bootstrap = line.substring("bootstrap servers: ".length());
                }
            }
            assertTrue(bootstrap != null && bootstrap.startsWith("localhost:"), "output so far: " + lines);
            assertEquals(4, lines.stream().filter(l -> l.startsWith("topic: created ")).count(), lines.toString());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                EsdTopics t = EsdTopics.DEFAULT;
                assertTrue(names.containsAll(Set.of(t.snapshots(), t.analyses(), t.transitions(), t.deadLetter())),
                        names.toString());
            }

            // Ctrl-C: SIGINT to the child (Process.destroy would close the pipes we read)
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor());
            List<String> tail = new ArrayList<>();
            while ((line = out.readLine()) != null) {
                tail.add(line);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the broker did not stop within 60 s of SIGINT");
            }
            assertEquals(List.of("esdmon broker: shutting down", "esdmon broker: stopped"), tail);
        } finally {
            p.destroyForcibly();
        }
        // Kafka marks each log directory on a clean shutdown
        assertTrue(Files.exists(data.resolve("log").resolve(".kafka_cleanshutdown")), "clean shutdown marker");
    }

    @Test
    void aTakenPortGivesAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new Esdmon());
            cli.setErr(new PrintWriter(err));
            int code = cli.execute("broker", "--port", String.valueOf(taken.getLocalPort()), "--data",
                    tmp.resolve("d").toString());
            assertEquals(1, code);
            assertEquals("esdmon broker: port localhost:" + taken.getLocalPort() + " is already in use (is another"
                    + " broker running?); stop that process or choose another port with --port", err.toString().strip());
        }
    }
}
