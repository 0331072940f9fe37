package io.esdmon.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.replay.ReplayJobs.State;
import io.esdmon.replay.ReplayJobs.Status;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays on request against a real broker: one at a time, at most three waiting, the guard against
 * identical ones, cancel, failures.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReplayJobsTest {

    private static final Set<State> OVER = Set.of(State.SUCCEEDED, State.FAILED, State.CANCELLED);

    @Test
    void anIdenticalReplayIsRefusedWhileOneRunsAndAcceptedOnceItIsOver(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        Script.publishSpectra(broker, topics.snapshots(), "guarded", 0, 3);
        try (ReplayJobs jobs = jobs(broker, topics)) {
            Status first = jobs.start("guarded", "", "first", "", "");
            assertTrue(Set.of(State.QUEUED, State.RUNNING).contains(first.state()), first.state().name());
            // the tag is a name, not part of what is computed: same run, range and configuration
            var conflict = assertThrows(ReplayJobs.Conflict.class, () -> jobs.start("guarded", "# the same\n",
                    "another name", "", ""));
            assertEquals(first.id(), conflict.runningId());
            assertTrue(conflict.getMessage().contains("with the same range and configuration"), conflict.getMessage());

            Status otherConfig = jobs.start("guarded", "hysteresis.min-dwell-steps = 3", "", "", "");
            Status otherRange = jobs.start("guarded", "", "", "1h", "");
            Status queued = jobs.start("guarded", "phase.heavyAlpha = 3", "", "", "");
            assertEquals(State.QUEUED, otherRange.state(), "one replay at a time; the others wait");
            var busy = assertThrows(ReplayJobs.Busy.class, () -> jobs.start("guarded", "phase.heavyAlpha = 2.5", "",
                    "", ""), "one running and three queued: the queue is full");
            assertTrue(busy.getMessage().contains("1 replay(s) running and 3 queued"), busy.getMessage());
            assertTrue(jobs.cancel(queued.id()));
            assertEquals(State.CANCELLED, jobs.get(queued.id()).orElseThrow().state());
            jobs.start("guarded", "phase.heavyAlpha = 3", "", "", ""); // a cancelled job no longer blocks

            Status done = await(jobs, first.id());
            assertEquals(State.SUCCEEDED, done.state(), done.error().orElse(""));
            ReplaySummary summary = done.summary().orElseThrow();
            assertEquals(4, summary.snapshots());
            assertEquals("first", summary.tag());
            assertEquals(summary.recordsRead(), done.progress().orElseThrow().recordsTotal());
            assertTrue(done.finishedAt().isPresent());

            Status again = jobs.start("guarded", "", "again", "", "");
            assertFalse(again.id().equals(first.id()));
            for (Status s : List.of(otherConfig, otherRange, again)) {
                assertEquals(State.SUCCEEDED, await(jobs, s.id()).state());
            }
            List<Status> listed = jobs.list("guarded");
            assertEquals(6, listed.size());
            assertEquals(again.id(), listed.get(0).id(), "newest first");
            assertEquals(List.of(), jobs.list("another-run"));
        }
    }

    @Test
    void badInputIsRefusedAtOnceAndAnUnknownRunFailsTheJobWithTheReason(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 1);
        Script.publishSpectra(broker, topics.snapshots(), "present", 0, 0);
        try (ReplayJobs jobs = jobs(broker, topics)) {
            assertMessage(() -> jobs.start("present", "engine.bogus = 1", "", "", ""),
                    "the replay config: unknown engine setting(s) [bogus]");
            assertMessage(() -> jobs.start("a/b", "", "", "", ""), "run id must be non-empty and contain no '/'");
            assertMessage(() -> jobs.start("present", "", "", "yesterday", ""), "from must be an ISO-8601 instant");
            assertMessage(() -> jobs.start("present", "", "", "1h", "2h"), "the range is empty");
            assertMessage(() -> jobs.start("present", "", "x".repeat(65), "", ""), "the tag must be at most 64");

            Status missing = await(jobs, jobs.start("absent", "", "", "", "").id());
            assertEquals(State.FAILED, missing.state());
            assertTrue(missing.error().orElseThrow().startsWith("no snapshots of run 'absent'"), missing.error().get());
            assertTrue(missing.error().get().contains("runs found there include present"), missing.error().get());
        }
    }

    /** One replay at a time, three waiting at most, one engine thread each. */
    private static ReplayJobs jobs(KafkaBroker broker, EsdTopics topics) {
        return new ReplayJobs(Map.of("bootstrap.servers", broker.bootstrapServers()), topics, 1, 1, 3,
                Clock.systemUTC());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Status await(ReplayJobs jobs, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Status s = jobs.get(id).orElseThrow();
            if (OVER.contains(s.state())) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replay " + id + " did not finish: " + jobs.get(id));
    }
}
