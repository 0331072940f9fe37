package io.esdmon.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the shipped NumPy/SciPy baseline script on a .npy file and collects its timings. */
final class PythonBaseline {

    static final String SCRIPT = "numpy_baseline.py";

    private final String python;
    private final int threads;
    private final Path script;

    PythonBaseline(String python, int threads, Path workDir) throws IOException {
        this.python = python;
        this.threads = threads;
        this.script = workDir.resolve(SCRIPT);
        try (InputStream in = PythonBaseline.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the esdmon jar; rebuild it");
            }
            Files.copy(in, script);
        }
    }

    /** Seconds per repetition, by method name ("numpy_eigvalsh_gram", "scipy_svd"). */
    Map<String, List<Double>> run(Path npy, int repetitions) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), npy.toString(), Integer.toString(repetitions))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        for (String var : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}) {
            pb.environment().put(var, Integer.toString(threads));
        }
        Process p = pb.start();
        Map<String, List<Double>> out = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                JsonNode node = json.readTree(line);
                List<Double> seconds = new ArrayList<>();
                node.get("seconds").forEach(s -> seconds.add(s.asDouble()));
                out.put(node.get("method").asText(), seconds);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(python + " " + SCRIPT + " exited with " + code
                    + "; it needs Debian's python3-numpy and python3-scipy (see the messages above)");
        }
        return out;
    }
}
