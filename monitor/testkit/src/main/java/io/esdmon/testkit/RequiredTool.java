package io.esdmon.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from a Debian package that a test runs. Missing, the test fails when CI=true (CI must
 * have it) and is skipped with a message saying what to install otherwise.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** The tool at {@code path}; fails (CI=true) or aborts the test when it is not executable. */
    public static Path require(String path, String debianPackage) {
        Path tool = Path.of(path);
        if (Files.isExecutable(tool)) {
            return tool;
        }
        String message = path + " is missing: install it with `apt-get install " + debianPackage
                + "` (./esdmon test installs every package of deploy/host/debian-packages.txt as root)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: this test must run in CI)");
        }
        Assumptions.abort(message + "; skipping");
        return tool;
    }
}
