package io.esdmon.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as a user writes it for {@code --from} / {@code --to}: an ISO-8601 instant
 * ({@code 2026-01-31T12:00:00Z}, or with an offset, {@code 2026-01-31T13:00:00+01:00}), {@code now},
 * or a duration ago: {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, combined as {@code 1h30m}, or
 * ISO-8601 {@code PT2H}.
 */
public final class TimeSpec {

    private static final Pattern RELATIVE = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private TimeSpec() {
    }

    /**
     * The instant {@code text} names, durations counted back from {@code now}.
     *
     * @param what  the option it came from, for the message (e.g. "--from")
     * @throws IllegalArgumentException saying what forms are accepted
     */
    public static Instant parse(String text, Instant now, String what) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not an absolute time: a duration ago?
        }
        Duration ago = duration(t.toLowerCase(Locale.ROOT));
        if (ago == null) {
            throw new IllegalArgumentException(what + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, 'now',"
                    + " or a duration ago such as 30m, 2h, 7d or 1h30m; got '" + text + "'");
        }
        return now.minus(ago);
    }

    private static Duration duration(String t) {
        if (t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t);
                return d.isNegative() ? null : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = RELATIVE.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            return null;
        }
        try {
            return Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                    .plusSeconds(group(m, 4));
        } catch (ArithmeticException | NumberFormatException e) {
            return null; // more digits than a duration holds
        }
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
