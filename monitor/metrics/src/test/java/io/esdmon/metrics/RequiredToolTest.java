package io.esdmon.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @Test
    void aMissingToolFailsInCiAndSkipsWithWhatToInstallElsewhere() {
        Throwable t = "true".equals(System.getenv("CI"))
                ? assertThrows(AssertionFailedError.class, () -> RequiredTool.require("/nonexistent/promtool", "prometheus"))
                : assertThrows(TestAbortedException.class, () -> RequiredTool.require("/nonexistent/promtool",
                        "prometheus"));
        assertTrue(t.getMessage().contains("/nonexistent/promtool is missing: install it with `apt-get install"
                + " prometheus`"), t.getMessage());
    }
}
