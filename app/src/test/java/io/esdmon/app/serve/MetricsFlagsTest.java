package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsFlagsTest {

    @Test
    void durationsInShortOrIsoForm() {
        assertEquals(Duration.ofSeconds(90), MetricsFlags.duration("90s"));
        assertEquals(Duration.ofMinutes(30), MetricsFlags.duration("30m"));
        assertEquals(Duration.ofHours(6), MetricsFlags.duration("6H"));
        assertEquals(Duration.ofDays(2), MetricsFlags.duration("2d"));
        assertEquals(Duration.ofMinutes(90), MetricsFlags.duration("PT1H30M"));
        assertThrows(IllegalArgumentException.class, () -> MetricsFlags.duration("6 hours"));
    }
}
