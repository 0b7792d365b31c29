package io.nodus.metrics.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.nodus.api.node.MetricsWriter;

/**
 * Collects the samples of one scrape and renders them in the Prometheus text exposition format 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): per family one {@code # HELP} and one {@code # TYPE} line,
 * then its samples together. Families come out sorted by name, samples in the order they were written.
 * One instance serves one scrape; it is not thread-safe.
 */
final class PrometheusTextWriter implements MetricsWriter {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Larger integral values lose precision as doubles anyway; print them in exponent form. */
    static final double MAX_PLAIN_INTEGER = 1e15;

    private enum Type { GAUGE, COUNTER }

    private record Family(String name, Type type, String help, Map<String, Double> samples) {
    }

    private final Map<String, Family> families = new TreeMap<>();

    @Override
    public MetricsWriter gauge(String name, String help, double value) {
        return add(Type.GAUGE, name, help, Map.of(), value);
    }

    @Override
    public MetricsWriter gauge(String name, String help, Map<String, String> labels, double value) {
        return add(Type.GAUGE, name, help, labels, value);
    }

    @Override
    public MetricsWriter counter(String name, String help, double value) {
        return add(Type.COUNTER, name, help, Map.of(), value);
    }

    @Override
    public MetricsWriter counter(String name, String help, Map<String, String> labels, double value) {
        return add(Type.COUNTER, name, help, labels, value);
    }

    private MetricsWriter add(Type type, String name, String help, Map<String, String> labels, double value) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name must end in _total: " + name);
        }
        String labelText = labelText(labels);
        Family f = families.get(name);
        if (f == null) {
            f = new Family(name, type, help == null ? "" : help, new LinkedHashMap<>());
            families.put(name, f);
        } else if (f.type != type) {
            throw new IllegalArgumentException(name + " is a " + f.type.name().toLowerCase() + ", not a "
                    + type.name().toLowerCase());
        }
        f.samples.put(labelText, value); // the same series written twice: the last value wins
        return this;
    }

    /** Number of families written so far. */
    int familyCount() {
        return families.size();
    }

    /** The scrape body. */
    String render() {
        StringBuilder sb = new StringBuilder(families.size() * 128);
        for (Family f : families.values()) {
            sb.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
            sb.append("# TYPE ").append(f.name).append(' ').append(f.type.name().toLowerCase()).append('\n');
            for (Map.Entry<String, Double> s : f.samples.entrySet()) {
                sb.append(f.name).append(s.getKey()).append(' ').append(number(s.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code {a="x",b="y"}} with label names sorted, or the empty string. */
    static String labelText(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>(labels.size());
        for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
            String key = l.getKey();
            if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__")) {
                throw new IllegalArgumentException("bad label name '" + key + "'");
            }
            parts.add(key + "=\"" + escapeLabelValue(l.getValue() == null ? "" : l.getValue()) + "\"");
        }
        return "{" + String.join(",", parts) + "}";
    }

    static String escapeLabelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String h) {
        return h.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < MAX_PLAIN_INTEGER) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
