package io.esdmon.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSpecTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

    @Test
    void absoluteTimes() {
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), TimeSpec.parse("2026-01-31T12:00:00Z", NOW, "--from"));
        assertEquals(Instant.parse("2026-01-31T11:00:00Z"), TimeSpec.parse("2026-01-31T12:00:00+01:00", NOW, "--from"));
        assertEquals(NOW, TimeSpec.parse(" now ", NOW, "--to"));
    }

    @Test
    void durationsAreCountedBackFromNow() {
        assertEquals(NOW.minus(Duration.ofHours(2)), TimeSpec.parse("2h", NOW, "--from"));
        assertEquals(NOW.minus(Duration.ofMinutes(90)), TimeSpec.parse("1h30m", NOW, "--from"));
        assertEquals(NOW.minus(Duration.ofDays(7)), TimeSpec.parse("7d", NOW, "--from"));
        assertEquals(NOW.minusSeconds(45), TimeSpec.parse("45s", NOW, "--from"));
        assertEquals(NOW.minus(Duration.ofHours(2)), TimeSpec.parse("PT2H", NOW, "--from"));
    }

    @Test
    void anythingElseSaysWhatIsAccepted() {
        for (String bad : new String[] {"", "yesterday", "2h ago", "-2h", "2026-01-31", "h", "99999999999999999999d"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> TimeSpec.parse(bad, NOW, "--from"), bad);
            assertTrue(e.getMessage().startsWith("--from must be an ISO-8601 instant"), e.getMessage());
            assertTrue(e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
        }
    }
}
