package io.nodus.gui.impl;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text of plain Java values: {@link Map} (string keys), {@link Collection}, arrays of objects, {@link String},
 * {@link Number}, {@link Boolean}, {@link Instant} (as epoch milliseconds), {@link Enum} (lower case name), records
 * (as objects of their components), {@link Optional} and null; anything else as its {@code toString()}.
 * The UI gets everything it shows through this, so every string is escaped here (RFC 8259 section 7), including
 * {@code <}, {@code >} and {@code &} so that no text can close a script element.
 */
final class Json {

    private Json() {
    }

    /** An ordered object under construction: {@code Json.object().put("a", 1).put("b", "x")}. */
    static JsonObject object() {
        return new JsonObject();
    }

    static final class JsonObject extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        JsonObject with(String key, Object value) {
            put(key, value);
            return this;
        }
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, 0);
        return out.toString();
    }

    /** Nesting deeper than this is a programming error (a cycle), not data. */
    static final int MAX_DEPTH = 32;

    private static void write(StringBuilder out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nesting deeper than " + MAX_DEPTH);
        }
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Float f) {
            write(out, f.doubleValue(), depth);
        } else if (v instanceof Number n) {
            out.append(n.toString());
        } else if (v instanceof Instant i) {
            out.append(i.toEpochMilli());
        } else if (v instanceof Enum<?> e) {
            string(out, e.name().toLowerCase(java.util.Locale.ROOT));
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, o, depth + 1);
            }
            out.append(']');
        } else if (v instanceof Record r) {
            writeRecord(out, r, depth);
        } else if (v instanceof Optional<?> o) {
            write(out, o.orElse(null), depth);
        } else if (v instanceof Object[] a) {
            write(out, java.util.Arrays.asList(a), depth);
        } else {
            string(out, v.toString());
        }
    }

    /** A record as an object of its components, in declaration order. */
    private static void writeRecord(StringBuilder out, Record r, int depth) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                fields.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
            }
        }
        write(out, fields, depth);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
