package io.esdmon.publisher.python;

import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.testkit.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian's /usr/bin/python3 (the python3 on PATH may be a build that cannot see Debian's packages). */
final class Python {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** publisher/python: surefire runs in the module's directory. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    /** Exit status and the interleaved standard output and error. */
    record Result(int exit, String output) {
    }

    private Python() {
    }

    static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Debian's python3 with the given modules importable and protoc on the PATH (the publisher generates its
     * protobuf classes with it); anything missing skips the test on a developer machine and fails it in CI,
     * with the apt-get command that installs it.
     */
    static void require(String... modules) throws IOException, InterruptedException {
        String install = DebianPackages.load().installCommand("publisher");
        if (!Files.isExecutable(PYTHON)) {
            missing(PYTHON + " is missing; install python3 and the publisher's packages with: " + install);
        }
        if (modules.length > 0) {
            Result r = run(List.of("-c", "import " + String.join(", ", modules) + "; import shutil, sys; sys.exit("
                    + "0 if shutil.which('protoc') else 'protoc is not on the PATH')"), Duration.ofMinutes(1));
            if (r.exit() != 0) {
                missing(PYTHON + " cannot import " + String.join(", ", modules) + " or run protoc ("
                        + r.output().strip() + "); install them with: " + install);
            }
        }
    }

    private static void missing(String message) {
        if (inCi()) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** Runs {@code python3 args...} in the module directory; fails the test when it outlives the timeout. */
    static Result run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        // read on another thread so that a hung child cannot block the timeout
        var output = new CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "python-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(command + " did not finish within " + timeout + "; output so far is lost");
        }
        try {
            return new Result(p.exitValue(), output.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not read the output of " + command, e);
        }
    }
}
