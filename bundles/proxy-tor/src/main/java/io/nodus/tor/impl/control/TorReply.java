package io.nodus.tor.impl.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reply (or asynchronous event) of the control protocol (control-spec "Replies from Tor to the controller"):
 * a status code and its lines. A data line ({@code NNN+key=}) has the dot-unescaped data that followed it
 * appended after a newline.
 *
 * @param code  status code, e.g. 250, 552, 650
 * @param lines reply texts in order, without code and separator
 */
public record TorReply(int code, List<String> lines) {

    public static final int OK = 250;
    public static final int EVENT = 650;

    public TorReply {
        lines = List.copyOf(lines);
    }

    public boolean isOk() {
        return code / 100 == 2;
    }

    public String firstLine() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /**
     * {@code key=value} lines as a map (GETINFO, ADD_ONION): a data line's value is the data after its first newline.
     * Lines without {@code =} (such as the final {@code OK}) are skipped.
     */
    public Map<String, String> keyValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.startsWith("\n")) {
                value = value.substring(1);
            }
            out.put(line.substring(0, eq), unquote(value));
        }
        return out;
    }

    /** Removes the quotes of a control-spec QuotedString, with its backslash escapes; other text stays as is. */
    public static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A control-spec QuotedString. */
    public static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return code + " " + String.join(" | ", lines);
    }
}
