package io.esdmon.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the Python classes Debian's protoc generates from the same .proto files read what
 * Java writes and write what Java reads, for every record type: Java and Python each build the
 * same messages from the same literals, exchange the bytes and compare.
 */
class PythonInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path work;

    private static Map<String, Message> samples() {
        Map<String, Message> samples = new LinkedHashMap<>();
        samples.put("chunk", WireSamples.chunk());
        samples.put("spectrumChunk", WireSamples.spectrumChunk());
        samples.put("manifest", WireSamples.manifest());
        samples.put("analysis", WireSamples.analysis());
        samples.put("skippedAnalysis", WireSamples.skippedAnalysis());
        samples.put("transition", WireSamples.transition());
        samples.put("deadLetter", WireSamples.deadLetter());
        return samples;
    }

    @Test
    void pythonReadsJavaAndJavaReadsPython() throws Exception {
        requireTool(PYTHON, "python3-protobuf");
        requireTool(Path.of("/usr/bin/protoc"), "protobuf-compiler");

        Path generated = work.resolve("generated");
        run(List.of(REPO.resolve("publisher/python/generate.sh").toString(), generated.toString()));

        Map<String, Message> samples = samples();
        for (Map.Entry<String, Message> e : samples.entrySet()) {
            Files.write(work.resolve(e.getKey() + ".java.bin"), e.getValue().toByteArray());
        }
        String out = run(List.of(PYTHON.toString(), REPO.resolve("proto/src/test/python/interop.py").toString(),
                generated.toString(), work.toString()));
        assertEquals("interop ok: " + samples.size() + " messages", out.strip());

        for (Map.Entry<String, Message> e : samples.entrySet()) {
            Message expected = e.getValue();
            Message fromPython = parse(expected.getParserForType(), work.resolve(e.getKey() + ".python.bin"));
            assertEquals(expected, fromPython, e.getKey() + " written by Python differs from Java's");
            assertEquals(0, fromPython.getUnknownFields().asMap().size(), e.getKey() + " has unknown fields");
        }
    }

    private static Message parse(Parser<? extends Message> parser, Path file)
            throws IOException, InvalidProtocolBufferException {
        return parser.parseFrom(Files.readAllBytes(file));
    }

    /** Missing Debian tools skip the test on a developer machine and fail it in CI. */
    static void requireTool(Path tool, String debianPackage) {
        if (Files.isExecutable(tool)) {
            return;
        }
        String message = tool + " is missing; install it with: apt-get install " + debianPackage
                + " (./esdmon test installs every package of deploy/host/debian-packages.txt as root)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish within 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(command + " exited with " + p.exitValue() + ":\n" + text);
        }
        // generate.sh prints its output directory; interop.py prints its verdict last.
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
