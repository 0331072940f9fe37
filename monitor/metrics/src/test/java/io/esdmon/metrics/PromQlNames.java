package io.esdmon.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression selects: identifiers that are not functions, aggregations,
 * keywords, label names (inside braces or after by/without/on/ignoring/group_left/group_right),
 * strings, numbers or durations. Grafana's variables are replaced first ($__rate_interval and the
 * like by a duration, others by a word inside strings). Enough of PromQL's lexical rules for the
 * expressions of dashboards and rule files; the real parser (promtool) checks their syntax.
 */
final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2",
            // aggregation operators, which may stand before "by (...)" instead of their argument
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private PromQlNames() {
    }

    /** Grafana's built-in interval variables, replaced by a duration so that the expression parses. */
    static String withGrafanaVariables(String expr) {
        return expr.replaceAll("\\$__(rate_interval|interval|range)\\b", "5m")
                .replaceAll("\\$\\{__(rate_interval|interval|range)\\}", "5m")
                .replaceAll("\\$\\{(\\w+)\\}", "x").replaceAll("\\$(\\w+)", "x");
    }

    static Set<String> metricNames(String expr) {
        String s = withGrafanaVariables(expr);
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        String previousWord = "";
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (c == '{') {
                i = skipTo(s, i, '}');
            } else if (c == '[') {
                i = skipTo(s, i, ']');
            } else if (c == '(' && LABEL_LISTS.contains(previousWord)) {
                i = skipTo(s, i, ')');
                previousWord = "";
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == '_')) {
                    i++; // numbers, exponents, hex and durations such as 5m or 1h30m
                }
                previousWord = "";
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == ':')) {
                    i++;
                }
                String word = s.substring(start, i);
                int next = i;
                while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                    next++;
                }
                boolean call = next < s.length() && s.charAt(next) == '(';
                if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    names.add(word);
                }
                previousWord = word.toLowerCase(java.util.Locale.ROOT);
            } else {
                if (!Character.isWhitespace(c)) {
                    previousWord = "";
                }
                i++;
            }
        }
        return names;
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            j += s.charAt(j) == '\\' && quote != '`' ? 2 : 1;
        }
        return j + 1;
    }

    private static int skipTo(String s, int i, char close) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != close) {
            char c = s.charAt(j);
            j = c == '"' || c == '\'' || c == '`' ? skipString(s, j) : j + 1;
        }
        return j + 1;
    }
}
