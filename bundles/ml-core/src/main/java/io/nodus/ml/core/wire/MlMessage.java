package io.nodus.ml.core.wire;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One message: an operation, small text headers, and an optional body (a model, an update, a data shard).
 */
public record MlMessage(MlOperation op, Map<String, String> headers, byte[] body) {

    public static final String REASON = "reason";
    private static final byte[] EMPTY = new byte[0];

    public MlMessage {
        Objects.requireNonNull(op, "op");
        headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
        body = body == null ? EMPTY : body;
    }

    public static MlMessage of(MlOperation op, Map<String, String> headers) {
        return new MlMessage(op, headers, EMPTY);
    }

    public static MlMessage ok() {
        return of(MlOperation.OK, Map.of());
    }

    public static MlMessage error(String reason) {
        return of(MlOperation.ERROR, Map.of(REASON, reason));
    }

    public String header(String name) {
        String v = headers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("message " + op + " lacks header '" + name + "'");
        }
        return v;
    }

    public String header(String name, String fallback) {
        return headers.getOrDefault(name, fallback);
    }

    public int intHeader(String name) {
        try {
            return Integer.parseInt(header(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header '" + name + "' is not an integer: " + headers.get(name));
        }
    }

    public long longHeader(String name) {
        try {
            return Long.parseLong(header(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header '" + name + "' is not an integer: " + headers.get(name));
        }
    }

    public double doubleHeader(String name, double fallback) {
        String v = headers.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header '" + name + "' is not a number: " + v);
        }
    }

    public boolean isOk() {
        return op == MlOperation.OK;
    }

    /** Bytes this message occupies on the wire (frames included). */
    public long wireSize() {
        return MlFraming.wireSize(this);
    }
}
