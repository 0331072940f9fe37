package io.esdmon.dashboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The browser tests here, like the whole suite, run in the POSIX locale of a container with LANG
 * unset (root pom, surefire's excludedEnvironmentVariables), where Java's platform charset is
 * US-ASCII: the dashboard once sent its page as US-ASCII there and garbled every α. Should that
 * setting go, this fails instead of the coverage silently disappearing.
 */
class PosixLocaleTest {

    @Test
    void theTestsRunWithoutALocale() {
        for (String variable : new String[] {"LANG", "LC_ALL", "LC_CTYPE"}) {
            assertNull(System.getenv(variable), variable + " must not reach the tests (root pom, surefire)");
        }
        assertEquals(StandardCharsets.US_ASCII, Charset.forName(System.getProperty("native.encoding")),
                "the platform charset under the POSIX locale");
    }
}
