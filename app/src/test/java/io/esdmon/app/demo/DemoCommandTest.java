package io.esdmon.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import io.esdmon.app.EsdmonProcess;
import io.esdmon.phases.Phase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> BATCH_SIZES = Set.of("8", "64", "512");

    @TempDir
    Path tmp;

    /**
     * The real command in a child JVM, headless, on free ports, with its temporary directory inside
     * this test's: runs of every batch size, their analyses with phases and at least one phase
     * transition appear through the dashboard's API, and the layers' metrics on /metrics; Ctrl-C
     * stops everything, exits 0, deletes the data and logs no stack trace.
     */
    @Test
    void showsRunsAnalysesAndATransitionThenStopsCleanlyOnCtrlC() throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Path stderr = tmp.resolve("stderr.txt");
        long t0 = System.nanoTime();
        try (EsdmonProcess demo = EsdmonProcess.start(List.of("-Djava.io.tmpdir=" + javaTmp),
                ProcessBuilder.Redirect.to(stderr.toFile()), "demo", "--http-port", "0", "--kafka-port", "0")) {
            List<String> banner = demo.readUntil("Ctrl-C to stop");
            String page = EsdmonProcess.after(banner, "  dashboard:  ");
            assertNotNull(page, "banner: " + banner + "\nstderr: " + Files.readString(stderr));
            assertTrue(page.startsWith("http://127.0.0.1:"), page);
            assertTrue(EsdmonProcess.after(banner, "  kafka:      ").startsWith("localhost:"), banner.toString());
            double ready = seconds(t0);

            JsonObject runs = null;
            JsonArray transitions = new JsonArray();
            Set<String> classified = new TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                runs = get(page + "api/runs");
                for (Object o : runs.getJsonArray("runs")) {
                    JsonObject run = (JsonObject) o;
                    if (run.getInteger("analyses") > 0
                            && classifiedLayers(page, run.getString("run")).containsAll(Set.of("fc1", "fc2"))) {
                        classified.add(run.getString("batchSize"));
                    }
                }
                transitions = get(page + "api/transitions").getJsonArray("transitions");
                if (classified.equals(BATCH_SIZES) && !transitions.isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(BATCH_SIZES, classified, "runs whose hidden layers have an analysis with a phase: " + runs);
            assertFalse(transitions.isEmpty(), "no phase transition within 120 s; runs: " + runs);
            JsonObject first = transitions.getJsonObject(transitions.size() - 1);
            assertTrue(first.getString("run").startsWith("demo-bs"), first.encode());
            assertFalse(first.getString("from").equals(first.getString("to")), first.encode());
            String metrics = text(page + "metrics");
            for (String run : List.of("demo-bs8", "demo-bs64", "demo-bs512")) {
                assertTrue(metrics.contains("esdmon_layer_alpha{layer=\"fc2\",run=\"" + run + "\"}"),
                        run + " fc2 is missing on /metrics:\n" + metrics);
            }
            System.out.printf(Locale.ROOT, "demo: ready after %.1f s, all runs classified and %d transitions after %.1f s%n",
                    ready, transitions.size(), seconds(t0));

            demo.signal("INT");
            List<String> tail = demo.readToEnd();
            assertEquals(0, demo.awaitExit(Duration.ofSeconds(30)), "exit status after Ctrl-C; output " + tail);
            assertEquals("esdmon demo: stopping", tail.get(0), tail.toString());
            assertTrue(tail.get(tail.size() - 1).matches("esdmon demo: stopped in \\d+\\.\\d s"), tail.toString());
        }
        String err = Files.readString(stderr);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "stack traces on standard error:\n" + err);
        try (Stream<Path> left = Files.list(javaTmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("esdmon-demo-")).toList(),
                    "the temporary data directory is deleted on exit");
        }
    }

    @Test
    void aTakenHttpPortIsNamedWithItsFlagBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Run r = run("demo", "--http-port", String.valueOf(port), "--kafka-port", "0");
            assertEquals(1, r.exit());
            assertEquals("esdmon demo: port " + port + " is already in use; stop the process that uses it or choose"
                    + " another port with --http-port", r.err().strip());
        }
    }

    @Test
    void aTakenKafkaPortIsNamedWithItsFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            int port = taken.getLocalPort();
            Run r = run("demo", "--http-port", "0", "--kafka-port", String.valueOf(port));
            assertEquals(1, r.exit());
            assertEquals("esdmon demo: port " + port + " is already in use; stop the process that uses it or choose"
                    + " another port with --kafka-port", r.err().strip());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run twice = run("demo", "--batch-sizes", "8,64,8");
        assertEquals(2, twice.exit());
        assertEquals("esdmon demo: --batch-sizes lists a batch size twice: [8, 64, 8]", twice.err().strip());
        Run zero = run("demo", "--batch-sizes", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--batch-sizes needs positive batch sizes"), zero.err());
        Run duration = run("demo", "--duration", "soon");
        assertEquals(2, duration.exit());
        assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());
        Run keep = run("demo", "--data", tmp.toString(), "--keep-data");
        assertEquals(2, keep.exit());
        assertTrue(keep.err().contains("a --data directory is always kept"), keep.err());
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Esdmon.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, err.toString());
    }

    /** Layers of the run whose newest analysis carries one of the phases. */
    private static Set<String> classifiedLayers(String page, String run) throws Exception {
        JsonArray layers = get(page + "api/runs/" + URLEncoder.encode(run, StandardCharsets.UTF_8) + "/layers")
                .getJsonArray("layers");
        Set<String> phases = Arrays.stream(Phase.values()).map(Phase::name).collect(Collectors.toSet());
        Set<String> classified = new TreeSet<>();
        for (Object o : layers) {
            JsonObject layer = (JsonObject) o;
            if (phases.contains(layer.getString("phase"))) {
                classified.add(layer.getString("layer"));
            }
        }
        return classified;
    }

    private static JsonObject get(String url) throws Exception {
        return new JsonObject(text(url));
    }

    private static String text(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
