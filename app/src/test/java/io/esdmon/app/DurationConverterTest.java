package io.esdmon.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsANumberWithAUnitOrIso8601() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
        assertEquals(Duration.ofSeconds(90), converter.convert("1.5m"));
        assertEquals(Duration.ofMinutes(5), converter.convert(" 5 M "));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofDays(2), converter.convert("2d"));
        assertEquals(Duration.ofMinutes(90), converter.convert("PT1H30M"));
        assertEquals(Duration.ofMinutes(5), converter.convert("pt5m"));
    }

    @Test
    void rejectsWhatIsNotADurationSayingHowToWriteOne() {
        for (String bad : new String[] {"90", "s", "-5s", "5 minutes", "PT-5M", ""}) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(bad));
            assertEquals("'" + bad + "' is not a duration; give a number with s, m, h or d (e.g. 90s, 1.5m, 6h), or"
                    + " ms, or ISO-8601 (e.g. PT1H30M)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse(bad));
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
