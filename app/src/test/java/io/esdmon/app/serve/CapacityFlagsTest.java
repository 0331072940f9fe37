package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.pipeline.MonitorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CapacityFlagsTest {

    private static final MonitorConfig BASE = MonitorConfig.defaults(Map.of("bootstrap.servers", "localhost:9092"));

    private static MonitorConfig parse(String... args) {
        CapacityFlags flags = new CapacityFlags();
        new CommandLine(flags).parseArgs(args);
        return flags.applyTo(BASE);
    }

    @Test
    void pendingDefaultsToTwoPerThreadAndTheBoundsComeInMib() {
        MonitorConfig c = parse("--workers", "3", "--max-in-flight-mib", "64", "--max-snapshot-mib", "16",
                "--incomplete-timeout-s", "20");
        assertEquals(3, c.workers());
        assertEquals(6, c.maxPending());
        assertEquals(16L << 20, c.reassembly().maxSnapshotBytes());
        assertEquals(64L << 20, c.reassembly().maxBytesInFlight());
        assertEquals(Duration.ofSeconds(20), c.reassembly().incompleteTimeout());
        assertEquals(5, parse("--workers", "1", "--max-pending", "5").maxPending());
        assertEquals(256, c.reassembly().maxIncomplete());
        assertEquals(32, c.reassembly().maxIncompletePerPartition());
        assertEquals(Duration.ofSeconds(60), c.reassembly().stallTimeout());
        MonitorConfig counted = parse("--max-incomplete", "40", "--max-incomplete-per-partition", "8",
                "--incomplete-stall-s", "15");
        assertEquals(40, counted.reassembly().maxIncomplete());
        assertEquals(8, counted.reassembly().maxIncompletePerPartition());
        assertEquals(Duration.ofSeconds(15), counted.reassembly().stallTimeout());
    }

    @Test
    void badBoundsNameTheFlags() {
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> parse("--max-snapshot-mib", "64", "--max-in-flight-mib", "32"));
        assertTrue(tooLarge.getMessage().contains("--max-in-flight-mib"), tooLarge.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> parse("--max-pending", "0"));
        assertTrue(none.getMessage().contains("--max-pending"), none.getMessage());
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> parse("--max-incomplete", "4", "--max-incomplete-per-partition", "8"));
        assertTrue(counts.getMessage().contains("--max-incomplete-per-partition"), counts.getMessage());
    }
}
