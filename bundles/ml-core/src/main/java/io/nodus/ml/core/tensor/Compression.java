package io.nodus.ml.core.tensor;

import java.util.Locale;

/**
 * How an update travels: {@code none} (fp32), {@code fp16}, {@code int8} (per-tensor symmetric scale) or
 * {@code topk:<ratio>} (the largest-magnitude fraction of coordinates, as index/value pairs).
 *
 * @param kind  the encoding
 * @param ratio for {@link Kind#TOPK}: fraction of coordinates kept, in (0, 1]; otherwise 1
 */
public record Compression(Kind kind, double ratio) {

    public enum Kind {
        NONE(0), FP16(1), INT8(2), TOPK(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind ofCode(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new TensorFormatException("unknown tensor encoding " + code);
        }
    }

    public static final Compression NONE = new Compression(Kind.NONE, 1);

    public Compression {
        if (kind == Kind.TOPK ? !(ratio > 0 && ratio <= 1) : ratio != 1) {
            throw new IllegalArgumentException("ratio " + ratio + " is not valid for " + kind);
        }
    }

    /** Parses {@code none}, {@code fp16}, {@code int8} or {@code topk:<ratio>}. */
    public static Compression parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "none", "fp32":
                return NONE;
            case "fp16":
                return new Compression(Kind.FP16, 1);
            case "int8":
                return new Compression(Kind.INT8, 1);
            default:
                if (t.startsWith("topk:")) {
                    double r;
                    try {
                        r = Double.parseDouble(t.substring(5));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("topk ratio is not a number: " + text);
                    }
                    return new Compression(Kind.TOPK, r);
                }
                throw new IllegalArgumentException("unknown compression '" + text + "' (none|fp16|int8|topk:<ratio>)");
        }
    }

    /** True when decoding does not give back exactly what was encoded. */
    public boolean lossy() {
        return kind != Kind.NONE;
    }

    @Override
    public String toString() {
        return kind == Kind.TOPK ? "topk:" + ratio : kind.name().toLowerCase(Locale.ROOT);
    }
}
