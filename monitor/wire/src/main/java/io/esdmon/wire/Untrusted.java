package io.esdmon.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;

/**
 * Text that came from outside (record keys, run and layer names, ids, URL paths) as it may appear in
 * a log line, a dead letter's detail or an error answer: in quotes, cut to a bounded length, with
 * every character that could change how the text reads written as an escape: control characters
 * (so a newline cannot start a forged log line), format characters such as the right-to-left
 * override, line and paragraph separators, and the quote and backslash themselves.
 */
public final class Untrusted {

    /** Characters shown at most unless a caller asks for another bound. */
    public static final int SHOWN_CHARS = 120;

    private Untrusted() {
    }

    /** {@code text} quoted and escaped, at most {@link #SHOWN_CHARS} characters of it. */
    public static String quote(String text) {
        return quote(text, SHOWN_CHARS);
    }

    /** {@code text} quoted and escaped, at most {@code maxChars} code points of it, then how many were left out. */
    public static String quote(String text, int maxChars) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 24).append('\'');
        int i = 0;
        for (int shown = 0; i < text.length() && shown < maxChars; shown++) {
            int cp = text.codePointAt(i);
            appendEscaped(out, cp);
            i += Character.charCount(cp);
        }
        out.append('\'');
        if (i < text.length()) {
            out.append("...(").append(text.codePointCount(i, text.length())).append(" more characters)");
        }
        return out.toString();
    }

    /**
     * Key or other bytes meant to be UTF-8, quoted as {@link #quote(String, int)}; malformed bytes show
     * as U+FFFD, and the byte count follows when the bytes are cut. Decodes only what is shown, so a
     * megabyte key costs no more than a short one.
     */
    public static String quote(byte[] bytes, int maxChars) {
        if (bytes == null) {
            return "(none)";
        }
        int take = (int) Math.min(bytes.length, 4L * maxChars);
        String text = decode(bytes, take);
        String shown = quote(text, maxChars);
        return take < bytes.length || text.codePointCount(0, text.length()) > maxChars
                ? shown + " (" + bytes.length + " bytes)" : shown;
    }

    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    private static void appendEscaped(StringBuilder out, int cp) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            default -> {
                if (isHidden(cp)) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    /** Characters that do not show as themselves: controls, format characters, separators, lone surrogates. */
    static boolean isHidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
