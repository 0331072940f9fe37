package io.esdmon.app.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.replay.ReplayProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void offTerminalTheFinalStateIsPrintedEvenWhenItCameSoonAfterTheLastLine() {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), false);
        line.show(new ReplayProgress(10, 40, 2, 1, 2, 0, Duration.ofSeconds(1)));
        line.show(new ReplayProgress(20, 40, 4, 1, 4, 0, Duration.ofSeconds(2)));
        line.show(new ReplayProgress(40, 40, 8, 2, 8, 1, Duration.ofSeconds(3)));
        line.end();
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].contains(" 25%"), lines[0]);
        assertTrue(lines[1].contains("100%") && lines[1].contains("1 transitions"), lines[1]);
    }

    @Test
    void barShowsShareCountsAndEta() {
        String text = ProgressLine.text(new ReplayProgress(6120, 12800, 240, 12, 240, 3, Duration.ofSeconds(41)));
        assertTrue(text.startsWith("[###########............."), text);
        assertTrue(text.contains(" 48%  6,120/12,800 records · 240 snapshots · 12 layers · 3 transitions · 0:41, ETA 0:44"), text);
    }
}
