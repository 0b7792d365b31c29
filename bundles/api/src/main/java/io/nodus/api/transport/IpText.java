package io.nodus.api.transport;

/**
 * Text forms of IPv4 and IPv6 addresses, parsed and printed without any name lookup. IPv4 is strict dotted
 * decimal; IPv6 is printed in RFC 5952 form (lowercase, longest zero run as {@code ::}, IPv4-mapped as
 * {@code ::ffff:a.b.c.d}), so any accepted spelling prints the same way.
 */
final class IpText {

    private static final int IP6_GROUPS = 8;

    private IpText() {
    }

    static byte[] parseIp4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not a dotted-quad IPv4 address");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) parseDecimal(parts[i], 255, "IPv4 octet");
        }
        return out;
    }

    static String formatIp4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /** Canonical non-negative decimal (no sign, no leading zeros) up to {@code max}. */
    static int parseDecimal(String s, int max, String what) {
        if (s.isEmpty() || s.length() > 10) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a decimal number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " '" + s + "' is not a decimal number");
            }
            v = v * 10 + (c - '0');
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new IllegalArgumentException(what + " '" + s + "' has a leading zero");
        }
        if (v > max) {
            throw new IllegalArgumentException(what + " " + s + " is larger than " + max);
        }
        return (int) v;
    }

    static byte[] parseIp6(String text) {
        String bad = "'" + text + "' is not an IPv6 address";
        int ellipsis = text.indexOf("::");
        if (ellipsis >= 0 && text.indexOf("::", ellipsis + 1) >= 0) {
            throw new IllegalArgumentException(bad + " ('::' may appear only once)");
        }
        int[] head = ellipsis < 0 ? groups(text, true, bad) : groups(text.substring(0, ellipsis), false, bad);
        int[] tail = ellipsis < 0 ? new int[0] : groups(text.substring(ellipsis + 2), true, bad);
        int count = head.length + tail.length;
        if (ellipsis < 0 ? count != IP6_GROUPS : count >= IP6_GROUPS) {
            throw new IllegalArgumentException(bad + " (wrong number of 16-bit groups)");
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(out, IP6_GROUPS - tail.length + i, tail[i]);
        }
        return out;
    }

    /** Colon-separated hex groups; a dotted IPv4 tail (only at the very end) counts as two groups. */
    private static int[] groups(String part, boolean last, String bad) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        if (items.length > IP6_GROUPS) {
            throw new IllegalArgumentException(bad + " (too many groups)");
        }
        boolean ip4Tail = last && items[items.length - 1].indexOf('.') >= 0;
        int[] out = new int[items.length + (ip4Tail ? 1 : 0)];
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (ip4Tail && i == items.length - 1) {
                byte[] v4 = parseIp4(g);
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else {
                out[i] = hexGroup(g, bad);
            }
        }
        return out;
    }

    private static int hexGroup(String g, String bad) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IllegalArgumentException(bad + " (group '" + g + "' must be 1 to 4 hex digits)");
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0 || g.charAt(i) > 'f') {
                throw new IllegalArgumentException(bad + " (group '" + g + "' is not hexadecimal)");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static void putGroup(byte[] out, int index, int value) {
        out[2 * index] = (byte) (value >>> 8);
        out[2 * index + 1] = (byte) value;
    }

    static String formatIp6(byte[] b) {
        if (isIp4Mapped(b)) {
            return "::ffff:" + formatIp4(b, 12);
        }
        int[] g = new int[IP6_GROUPS];
        for (int i = 0; i < IP6_GROUPS; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < IP6_GROUPS; i++) {
            int j = i;
            while (j < IP6_GROUPS && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < IP6_GROUPS; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    static boolean isIp4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
