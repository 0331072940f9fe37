package io.esdmon.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void commitsStopAtTheFirstRecordStillInProgress() {
        PartitionProgress p = new PartitionProgress();
        assertEquals(-1, p.committable());
        for (long o = 10; o < 15; o++) {
            p.begin(o);
        }
        assertEquals(10, p.committable());
        p.done(11);
        p.done(12);
        assertEquals(10, p.committable(), "11 and 12 are done but 10 is not: a restart must re-read 10");
        p.done(10);
        assertEquals(13, p.committable());
        p.done(13);
        p.done(14);
        assertEquals(15, p.committable(), "all done: the next offset to read");
        assertEquals(0, p.inProgress());
    }

    @Test
    void newProgressIsReportedOncePerCommit() {
        PartitionProgress p = new PartitionProgress();
        p.begin(0);
        assertEquals(0, p.committable(), "0 is in progress: a commit now would re-read it");
        p.done(0);
        assertTrue(p.hasNewProgress());
        p.committed(p.committable());
        assertFalse(p.hasNewProgress());
        p.begin(1);
        assertFalse(p.hasNewProgress(), "1 is in progress: nothing new to commit");
    }
}
