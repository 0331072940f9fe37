package io.esdmon.publisher.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The publisher's Python unit tests (publisher/python/tests, unittest) as part of {@code mvn verify}. In CI
 * (CI=true) a missing Debian package fails them instead of skipping, and no test may be skipped.
 */
class PythonUnitTest {

    @Test
    void pythonUnitTestsPass() throws Exception {
        Python.require();
        Python.Result r = Python.run(List.of("-m", "unittest", "discover", "-s", "tests", "-v"),
                Duration.ofMinutes(5));
        assertEquals(0, r.exit(), "the Python unit tests failed:\n" + r.output());
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(r.output());
        assertTrue(ran.find(), "no unittest summary in:\n" + r.output());
        assertTrue(Integer.parseInt(ran.group(1)) >= 50, "too few Python tests ran:\n" + r.output());
        if (Python.inCi()) {
            assertFalse(r.output().contains("skipped"), "CI=true but Python tests were skipped:\n" + r.output());
        }
    }
}
