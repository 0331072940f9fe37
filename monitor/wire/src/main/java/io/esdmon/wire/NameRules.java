package io.esdmon.wire;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The characters a name may hold: run ids, layer names, tags and snapshot ids end up in record keys,
 * Prometheus labels, log lines and the dashboard, so none may hold a control character (NUL, newline,
 * escape, ...), a bidirectional control (such as U+202E RIGHT-TO-LEFT OVERRIDE, which makes text read
 * differently from what it is), a line or paragraph separator, or U+FFFD (what a decoder puts for
 * bytes that were not UTF-8). Letters of any script, emoji, spaces and punctuation are fine.
 */
public final class NameRules {

    private NameRules() {
    }

    /** Why {@code value} is not a usable name of at most {@code maxBytes} UTF-8 bytes, or empty. */
    public static Optional<String> problem(String what, String value, int maxBytes) {
        if (value.isEmpty()) {
            return Optional.of(what + " must not be empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return Optional.of(what + " has " + bytes + " UTF-8 bytes, more than " + maxBytes + ": "
                    + Untrusted.quote(value, 40));
        }
        for (int i = 0; i < value.length();) {
            int cp = value.codePointAt(i);
            if (refused(cp)) {
                return Optional.of(what + " " + Untrusted.quote(value, 80) + " holds " + String.format(Locale.ROOT, "U+%04X", cp)
                        + " at character " + value.codePointCount(0, i) + "; names may not hold control, bidi or"
                        + " separator characters, rename it");
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    static boolean refused(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || cp == 0xFFFD || isBidiControl(cp);
    }

    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp >= 0x202A && cp <= 0x202E
                || cp >= 0x2066 && cp <= 0x2069;
    }
}
