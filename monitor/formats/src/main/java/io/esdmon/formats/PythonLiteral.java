package io.esdmon.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal that a .npy header holds, for example
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Values become String,
 * Boolean, Long, null (None), List (tuple or list) and Map (dict); nothing is evaluated.
 */
final class PythonLiteral {

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    static Object parse(String text) throws WeightFormatException {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the header dictionary");
        }
        return value;
    }

    private Object value() throws WeightFormatException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("the header ends early");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dict();
            case '(' -> sequence(')');
            case '[' -> sequence(']');
            case '\'', '"' -> string(c);
            default -> c == '-' || Character.isDigit(c) ? integer() : word();
        };
    }

    private Map<String, Object> dict() throws WeightFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        while (!closing('}')) {
            if (!(value() instanceof String key)) {
                throw error("dictionary keys must be strings");
            }
            expect(':');
            map.put(key, value());
            separator('}');
        }
        return map;
    }

    private List<Object> sequence(char close) throws WeightFormatException {
        List<Object> items = new ArrayList<>();
        pos++;
        while (!closing(close)) {
            items.add(value());
            separator(close);
        }
        return items;
    }

    private String string(char quote) throws WeightFormatException {
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            if (text.charAt(pos) == '\\') {
                throw error("escape sequences in header strings are not supported");
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        return text.substring(start, pos++);
    }

    private Long integer() throws WeightFormatException {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // Python 2 long suffix, written by old NumPy versions
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("'" + digits + "' is not an integer that fits in 64 bits");
        }
    }

    private Object word() throws WeightFormatException {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> throw error("unexpected '" + text.charAt(start) + "'");
        };
    }

    private boolean closing(char close) throws WeightFormatException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("missing '" + close + "'");
        }
        if (text.charAt(pos) == close) {
            pos++;
            return true;
        }
        return false;
    }

    private void separator(char close) throws WeightFormatException {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
        } else if (pos >= text.length() || text.charAt(pos) != close) {
            throw error("expected ',' or '" + close + "'");
        }
    }

    private void expect(char c) throws WeightFormatException {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private WeightFormatException error(String what) {
        String shown = text.strip();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "...";
        }
        return new WeightFormatException("malformed .npy header (" + what + " at character " + pos + "): " + shown);
    }
}
