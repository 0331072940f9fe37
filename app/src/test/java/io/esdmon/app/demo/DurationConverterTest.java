package io.esdmon.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsANumberWithAUnit() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
        assertEquals(Duration.ofSeconds(90), converter.convert("1.5m"));
        assertEquals(Duration.ofMinutes(5), converter.convert(" 5 M "));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
    }

    @Test
    void rejectsWhatIsNotADurationSayingHowToWriteOne() {
        for (String bad : new String[] {"90", "s", "-5s", "5 minutes", "PT5M", ""}) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(bad));
            assertEquals("'" + bad + "' is not a duration; write a number and a unit: 500ms, 90s, 5m or 2h",
                    e.getMessage());
        }
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("2h", DurationConverter.format(Duration.ofHours(2)));
        assertEquals("90m", DurationConverter.format(Duration.ofMinutes(90)));
        assertEquals("90s", DurationConverter.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", DurationConverter.format(Duration.ofMillis(1500)));
    }
}
