package io.esdmon.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a finished replay did.
 *
 * @param replayId            the replay's id (header of every record it wrote)
 * @param run                 the run
 * @param tag                 the tag it wrote, possibly empty
 * @param configId            analysis config id of its analyses
 * @param classifierConfigId  classifier config id of its phases and transitions
 * @param from                start of the range asked for, if any
 * @param to                  end of the range asked for, if any
 * @param recordsRead         records of the range read (every run's)
 * @param layers              distinct layers of the run analyzed
 * @param steps               distinct training steps analyzed
 * @param snapshots           snapshots reassembled and analyzed
 * @param analysesWritten     analyses written to esd.analyses
 * @param skippedLayers       of those, layers the engine skipped (size rules); they have no phase
 * @param transitions         transitions written to esd.transitions
 * @param failedSnapshots     snapshots that could not be analyzed (bad content; the monitor dead-lettered them)
 * @param incompleteSnapshots snapshots with chunks outside the range (begun before --from) or missing
 * @param took                wall time of the whole replay
 */
public record ReplaySummary(String replayId, String run, String tag, String configId, String classifierConfigId,
        Optional<Instant> from, Optional<Instant> to, long recordsRead, int layers, int steps, long snapshots,
        long analysesWritten, long skippedLayers, long transitions, long failedSnapshots, long incompleteSnapshots,
        Duration took) {

    /** The summary as lines for people, e.g. the end of {@code ./esdmon replay}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("replay " + replayId + " of run " + run + (tag.isEmpty() ? "" : " tagged '" + tag + "'") + ": "
                + configId + " / " + classifierConfigId);
        out.add("range: " + from.map(Instant::toString).orElse("oldest record kept") + " .. "
                + to.map(Instant::toString).orElse("end of the topic at the start") + " (" + recordsRead
                + " records read)");
        out.add(layers + " layers, " + steps + " steps, " + snapshots + " snapshots analyzed ("
                + skippedLayers + " skipped by the size rules)");
        out.add(analysesWritten + " analyses and " + transitions + " transitions written");
        if (failedSnapshots > 0 || incompleteSnapshots > 0) {
            out.add(failedSnapshots + " snapshots could not be analyzed, " + incompleteSnapshots
                    + " were incomplete in the range (see the log)");
        }
        out.add(String.format(Locale.ROOT, "took %.1f s (%.2f s per snapshot)", took.toMillis() / 1e3,
                snapshots == 0 ? 0.0 : took.toMillis() / 1e3 / snapshots));
        return out;
    }
}
