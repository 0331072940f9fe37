package io.esdmon.metrics;

import static io.esdmon.metrics.Messages.analysis;
import static io.esdmon.metrics.Messages.deadLetter;
import static io.esdmon.metrics.Messages.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.proto.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric the monitor registers follows Prometheus's naming rules: one esdmon_ prefix,
 * snake_case, base units named as a suffix, _total on counters only, help on every family, and
 * labels from a closed set whose values are bounded.
 */
class NamingConventionTest {

    private static final Pattern NAME = Pattern.compile("esdmon_[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<String> BASE_UNITS = Set.of("seconds", "bytes", "records");
    private static final List<String> NON_BASE_UNITS = List.of("milliseconds", "millis", "microseconds",
            "nanoseconds", "minutes", "hours", "days", "kilobytes", "megabytes", "gigabytes", "percent", "ms",
            "kb", "mb");
    private static final Set<String> LABELS = Set.of("run", "layer", "phase", "from", "to", "reason", "le");

    private static Vertx vertx;
    private static LiveMetrics live;
    private static Scrape scrape;

    @BeforeAll
    static void everyKindOfSeries() throws Exception {
        vertx = Vertx.vertx();
        live = new LiveMetrics(vertx, MetricsConfig.defaults(), null);
        live.publish(live.addresses.analyses(), analysis("r1", "fc1", 1, Phase.RANDOM_LIKE, 7));
        live.publish(live.addresses.transitions(), transition("r1", "fc1", 1, "", "RANDOM_LIKE", Instant.now()));
        live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.ANALYSIS_FAILED));
        scrape = live.scrapeUntil(s -> !s.find("esdmon_phase_transitions_total").isEmpty()
                && !s.find("esdmon_layer_alpha").isEmpty()
                && s.value("esdmon_dead_letters_total", "reason", "ANALYSIS_FAILED") == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        live.close();
        LiveMetrics.await(vertx.close());
    }

    @Test
    void everyFamilyIsSnakeCaseUnderTheEsdmonPrefixWithHelp() {
        assertFalse(scrape.types().isEmpty());
        scrape.types().keySet().forEach(family -> {
            assertTrue(NAME.matcher(family).matches(), family + " is not esdmon_snake_case");
            assertFalse(family.startsWith("esdmon_esdmon"), family);
            String help = scrape.helps().get(family);
            assertNotNull(help, family + " has no HELP");
            assertFalse(help.isBlank(), family + " has an empty HELP");
        });
        scrape.samples().forEach(s -> assertTrue(NAME.matcher(s.name()).matches(), s.name()));
    }

    @Test
    void countersAndOnlyCountersEndInTotal() {
        scrape.types().forEach((family, type) -> {
            List<Scrape.Sample> samples = samplesOf(family);
            assertFalse(samples.isEmpty(), family + " has no samples");
            if (type.equals("counter")) {
                assertTrue(family.endsWith("_total"), "counter " + family + " must end in _total");
                assertFalse(family.endsWith("_total_total"), family);
                samples.forEach(s -> assertTrue(s.value() >= 0, s + ": a counter is never negative"));
            } else {
                samples.forEach(s -> assertFalse(s.name().endsWith("_total"), type + " " + s.name()
                        + " must not end in _total"));
            }
        });
    }

    @Test
    void unitsAreBaseUnitsNamedAsTheLastWord() {
        for (String family : scrape.types().keySet()) {
            List<String> words = Arrays.asList(family.split("_"));
            NON_BASE_UNITS.forEach(u -> assertFalse(words.contains(u), family + " names the non-base unit " + u));
            if (words.contains("timestamp")) {
                assertTrue(family.endsWith("_timestamp_seconds"), family + ": timestamps are Unix seconds");
            }
            if (words.contains("duration")) {
                assertTrue(family.endsWith("_seconds"), family + ": durations are in seconds");
            }
        }
        for (Meter m : live.metrics.registry().getMeters()) {
            String unit = m.getId().getBaseUnit();
            if (m instanceof Timer) {
                assertEquals("seconds", unit, m.getId().getName());
            } else if (unit != null) {
                assertTrue(BASE_UNITS.contains(unit), m.getId().getName() + " has unit " + unit);
                assertTrue(scrape.types().keySet().stream().anyMatch(f -> f.endsWith("_" + unit)
                        && f.startsWith(m.getId().getName().replace('.', '_'))), m.getId().getName()
                        + ": the unit is the last word of its Prometheus name");
            }
        }
    }

    @Test
    void theDurationIsAHistogramWithCumulativeBuckets() {
        assertEquals("histogram", scrape.types().get("esdmon_analysis_duration_seconds"));
        List<Scrape.Sample> buckets = scrape.find("esdmon_analysis_duration_seconds_bucket");
        assertEquals(PipelineMetrics.DURATION_BUCKETS.length + 1, buckets.size(), "the configured buckets and +Inf");
        double previous = 0;
        for (Scrape.Sample b : buckets) {
            assertTrue(b.value() >= previous, "cumulative: " + buckets);
            previous = b.value();
        }
        assertEquals(scrape.value("esdmon_analysis_duration_seconds_count"),
                scrape.value("esdmon_analysis_duration_seconds_bucket", "le", "+Inf"));
    }

    @Test
    void labelsComeFromAClosedSetAndBoundedLabelsHaveBoundedValues() {
        Set<String> phases = Arrays.stream(Phase.values()).map(Phase::name).collect(Collectors.toSet());
        Set<String> from = Stream.concat(phases.stream(), Stream.of(PhaseLabel.NONE, PhaseLabel.OTHER))
                .collect(Collectors.toSet());
        Set<String> to = Stream.concat(phases.stream(), Stream.of(PhaseLabel.OTHER)).collect(Collectors.toSet());
        Set<String> reasons = Stream.concat(Arrays.stream(DeadLetterReason.values()).map(Enum::name), Stream.of("OTHER"))
                .collect(Collectors.toSet());
        Map<String, Set<String>> bounded = Map.of("phase", phases, "from", from, "to", to, "reason", reasons);
        for (Scrape.Sample s : scrape.samples()) {
            for (var label : s.labels().entrySet()) {
                assertTrue(LABELS.contains(label.getKey()), s.name() + " has label " + label.getKey());
                Set<String> allowed = bounded.get(label.getKey());
                assertTrue(allowed == null || allowed.contains(label.getValue()), s.name() + ": " + label);
            }
            if (s.labels().containsKey("layer")) {
                assertTrue(s.labels().containsKey("run"), s.name() + ": a layer is always named with its run");
            }
        }
    }

    @Test
    void everyRegisteredMeterIsDescribedAndCountersAreNotNamedTotal() {
        List<String> problems = new ArrayList<>();
        for (Meter m : live.metrics.registry().getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith("esdmon.")) {
                problems.add(name + ": not under esdmon.");
            }
            if (m.getId().getDescription() == null || m.getId().getDescription().isBlank()) {
                problems.add(name + ": no description");
            }
            if ((m instanceof Counter || m instanceof FunctionCounter) && name.endsWith("total")) {
                problems.add(name + ": the registry appends _total itself");
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<Scrape.Sample> samplesOf(String family) {
        return scrape.samples().stream().filter(s -> s.name().equals(family) || s.name().startsWith(family + "_")
                && scrape.types().get(family).equals("histogram")).toList();
    }
}
