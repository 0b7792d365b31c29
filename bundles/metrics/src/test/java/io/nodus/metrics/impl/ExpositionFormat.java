package io.nodus.metrics.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every sample must follow the HELP and TYPE lines
 * of its family, families must not be split, names and label names must be valid, values must parse.
 */
final class ExpositionFormat {

    static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$");
    static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$");
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    record Sample(Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {

        /** The value of the sample whose labels include {@code match}. */
        double value(Map<String, String> match) {
            return samples.stream().filter(s -> s.labels.entrySet().containsAll(match.entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no sample with " + match + ": " + samples))
                    .value;
        }

        double value() {
            return value(Map.of());
        }
    }

    private ExpositionFormat() {
    }

    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("exposition must end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        String help = null;
        String helpName = null;
        Family current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                helpName = m.group(1);
                help = m.group(2);
                current = null;
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                if (!name.equals(helpName)) {
                    throw new AssertionError("line " + n + ": TYPE of " + name + " without its HELP line just before");
                }
                if (families.containsKey(name)) {
                    throw new AssertionError("line " + n + ": family " + name + " appears twice");
                }
                current = new Family(name, m.group(2), help, new ArrayList<>());
                families.put(name, current);
            } else if (line.startsWith("#")) {
                throw new AssertionError("line " + n + ": unexpected comment: " + line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (current == null || !current.name.equals(m.group(1))) {
                    throw new AssertionError("line " + n + ": sample outside its family: " + line);
                }
                current.samples.add(new Sample(labels(m.group(3), n), value(m.group(4), n)));
            } else {
                throw new AssertionError("line " + n + ": not a sample: " + line);
            }
        }
        return families;
    }

    private static Map<String, String> labels(String text, int n) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + n + ": bad labels {" + text + "}");
            }
            String value = unescape(m.group(2));
            if (labels.put(m.group(1), value) != null) {
                throw new AssertionError("line " + n + ": label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        return labels;
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char next = v.charAt(++i);
                sb.append(next == 'n' ? '\n' : next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static double value(String text, int n) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + n + ": bad value " + text);
                }
        }
    }
}
