package io.esdmon.app.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.Esdmon;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void npyFileHasAnAlignedV1HeaderAndLittleEndianData(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.npy");
        NpyFloat32Writer.write(f, 2, 3, new float[] {1, 2, 3, 4, 5, -0.5f});
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)") && header.endsWith("\n"),
                header);
        float[] data = new float[6];
        ByteBuffer.wrap(b, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -0.5f}, data);
    }

    @Test
    void mediansAndSizes() {
        assertEquals(2.0, Medians.of(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Medians.of(List.of(4.0, 1.0, 2.0, 3.0)));
        assertArrayEquals(new int[] {11008, 4096}, BenchCommand.parseSize("11008x4096"));
        var e = assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseSize("4096"));
        assertTrue(e.getMessage().contains("ROWSxCOLS"), e.getMessage());
    }

    @Test
    void benchRunsBothSidesAndPrintsRatios() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "the bench baseline needs Debian's /usr/bin/python3 with python3-numpy and python3-scipy");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Esdmon()).execute("bench", "--sizes", "96x64", "--repetitions", "1");
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        // one row per table, with esdmon's time, both baselines and their ratios filled in
        assertTrue(text.lines().anyMatch(l -> l.matches("96x64\\s+GRAM_NATIVE(\\s+\\d+\\.\\d+){5}")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("96x64(\\s+\\d+\\.\\d+){6}")), text);
    }
}
