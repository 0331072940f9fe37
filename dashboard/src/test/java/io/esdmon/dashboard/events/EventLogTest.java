package io.esdmon.dashboard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void idsAreConsecutiveAndResumeReturnsExactlyTheRest() {
        EventLog log = new EventLog("s1", 10);
        for (int i = 0; i < 7; i++) {
            log.append("analysis", "{\"i\":" + i + "}");
        }
        List<DashboardEvent> rest = log.after(3, 100);
        assertEquals(List.of(4L, 5L, 6L, 7L), rest.stream().map(DashboardEvent::id).toList());
        assertEquals("{\"i\":3}", rest.get(0).json());
        assertTrue(log.after(7, 100).isEmpty());
        assertEquals(2, log.after(0, 2).size());
    }

    @Test
    void aPositionOlderThanTheBufferIsAGap() {
        EventLog log = new EventLog("s1", 5);
        for (int i = 0; i < 12; i++) {
            log.append("analysis", "{}");
        }
        assertEquals(8, log.oldestId());
        assertEquals(5, log.after(7, 100).size(), "right at the buffer's start is still complete");
        assertThrows(EventLog.GapException.class, () -> log.after(6, 100));
        assertThrows(EventLog.GapException.class, () -> log.after(13, 100), "never issued");
    }

    @Test
    void idsOfAnotherStreamAreNotResumable() {
        EventLog log = new EventLog("abc", 5);
        log.append("analysis", "{}");
        assertEquals(1, log.resumeAfter("abc-1"));
        assertEquals(0, log.resumeAfter("abc-0"));
        assertThrows(EventLog.GapException.class, () -> log.resumeAfter("old-1"));
        assertThrows(EventLog.GapException.class, () -> log.resumeAfter("garbage"));
        assertEquals("id: abc-1\nevent: analysis\ndata: {}\n\n", log.after(0, 1).get(0).toSse());
    }
}
