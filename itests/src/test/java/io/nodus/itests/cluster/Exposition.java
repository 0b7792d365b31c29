package io.nodus.itests.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text format, read strictly: every sample must follow the {@code # HELP} and
 * {@code # TYPE} lines of its family and a family must not be split. Samples are kept by their full series text,
 * e.g. {@code nodus_p2p_connections{direction="out",route="direct"}}.
 */
final class Exposition {

    static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$");
    static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$");
    static final Pattern SAMPLE = Pattern.compile("^(([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?) (\\S+)$");

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, Double> series = new LinkedHashMap<>();

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        String helpOf = null;
        String family = null;
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            Matcher m;
            if (line.isEmpty()) {
                continue;
            } else if ((m = HELP.matcher(line)).matches()) {
                helpOf = m.group(1);
                family = null;
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (!m.group(1).equals(helpOf) || e.types.containsKey(m.group(1))) {
                    throw new AssertionError("line " + n + ": TYPE without HELP, or family split: " + line);
                }
                family = m.group(1);
                e.types.put(family, m.group(2));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (!m.group(2).equals(family)) {
                    throw new AssertionError("line " + n + ": sample outside its family: " + line);
                }
                String v = m.group(4);
                e.series.put(m.group(1), v.equals("NaN") ? Double.NaN : v.equals("+Inf") ? Double.POSITIVE_INFINITY
                        : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
            } else {
                throw new AssertionError("line " + n + ": not the text format: " + line);
            }
        }
        return e;
    }

    /** The value of a series (name with its labels, as printed), if present. */
    OptionalDouble get(String seriesText) {
        Double v = series.get(seriesText);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    double value(String seriesText) {
        return get(seriesText).orElseThrow(() -> new AssertionError("no series " + seriesText + " in " + series.keySet()));
    }

    /** Sum of every series of a family. */
    double sum(String family) {
        return series.entrySet().stream().filter(s -> s.getKey().equals(family) || s.getKey().startsWith(family + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
