package io.nodus.transport.impl.mdns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subset of the DNS wire format (RFC 1035 §4) that libp2p mDNS discovery needs: questions and PTR/TXT records,
 * with name compression understood on reading (never produced). Malformed input is a {@link DnsFormatException}.
 *
 * @param id        message id (0 for multicast, RFC 6762 §18.1)
 * @param response  QR bit
 * @param questions the question section
 * @param records   answer, authority and additional records, in that order
 */
public record DnsMessage(int id, boolean response, List<Question> questions, List<ResourceRecord> records) {

    public static final int TYPE_PTR = 12;
    public static final int TYPE_TXT = 16;
    public static final int TYPE_ANY = 255;
    public static final int CLASS_IN = 1;
    /** RFC 6762 §5.4 (unicast-response bit in questions) and §10.2 (cache-flush bit in records). */
    public static final int CLASS_TOP_BIT = 0x8000;
    /** RFC 6762 §17: an mDNS message fits in 9000 bytes. */
    public static final int MAX_MESSAGE_SIZE = 9000;
    static final int MAX_COMPRESSION_JUMPS = 32;
    static final int MAX_NAME_LENGTH = 255;

    public record Question(String name, int type, int dnsClass) {
        public boolean unicastResponse() {
            return (dnsClass & CLASS_TOP_BIT) != 0;
        }
    }

    /** A resource record; {@code target} is set for PTR, {@code strings} for TXT. */
    public record ResourceRecord(String name, int type, int dnsClass, long ttl, String target, List<String> strings) {

        public static ResourceRecord ptr(String name, String target, long ttl) {
            return new ResourceRecord(name, TYPE_PTR, CLASS_IN, ttl, target, List.of());
        }

        public static ResourceRecord txt(String name, List<String> strings, long ttl) {
            return new ResourceRecord(name, TYPE_TXT, CLASS_IN | CLASS_TOP_BIT, ttl, null, List.copyOf(strings));
        }
    }

    /** Malformed DNS message. */
    public static final class DnsFormatException extends Exception {

        private static final long serialVersionUID = 1L;

        DnsFormatException(String message) {
            super(message);
        }
    }

    /**
     * Encodes the message. All {@link #records} go into the answer section except those listed after
     * {@code answers} which go into the additional section.
     */
    public byte[] encode(int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        u16(out, id);
        u16(out, response ? 0x8400 : 0); // QR + AA for responses (RFC 6762 §18.2, §18.4)
        u16(out, questions.size());
        u16(out, Math.min(answers, records.size()));
        u16(out, 0);
        u16(out, Math.max(0, records.size() - answers));
        for (Question q : questions) {
            name(out, q.name());
            u16(out, q.type());
            u16(out, q.dnsClass());
        }
        for (ResourceRecord r : records) {
            name(out, r.name());
            u16(out, r.type());
            u16(out, r.dnsClass());
            u32(out, r.ttl());
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            if (r.type() == TYPE_PTR) {
                name(data, r.target());
            } else if (r.type() == TYPE_TXT) {
                for (String s : r.strings()) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    if (b.length > 255) {
                        throw new IllegalArgumentException("TXT string longer than 255 bytes");
                    }
                    data.write(b.length);
                    data.writeBytes(b);
                }
            }
            u16(out, data.size());
            out.writeBytes(data.toByteArray());
        }
        return out.toByteArray();
    }

    public static DnsMessage decode(byte[] data, int length) throws DnsFormatException {
        Reader r = new Reader(data, length);
        int id = r.u16();
        int flags = r.u16();
        int qd = r.u16();
        int an = r.u16();
        int ns = r.u16();
        int ar = r.u16();
        if ((flags & 0x7800) != 0) {
            throw new DnsFormatException("not a standard query/response (opcode " + ((flags >> 11) & 0xf) + ")");
        }
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            questions.add(new Question(r.name(), r.u16(), r.u16()));
        }
        List<ResourceRecord> records = new ArrayList<>();
        for (int i = 0; i < an + ns + ar; i++) {
            String name = r.name();
            int type = r.u16();
            int dnsClass = r.u16();
            long ttl = r.u32();
            int rdLength = r.u16();
            int end = r.pos + rdLength;
            if (end > length) {
                throw new DnsFormatException("record data runs past the end of the message");
            }
            String target = null;
            List<String> strings = List.of();
            if (type == TYPE_PTR) {
                target = r.name();
            } else if (type == TYPE_TXT) {
                strings = new ArrayList<>();
                while (r.pos < end) {
                    int n = data[r.pos++] & 0xff;
                    if (r.pos + n > end) {
                        throw new DnsFormatException("TXT string runs past its record");
                    }
                    strings.add(new String(data, r.pos, n, StandardCharsets.UTF_8));
                    r.pos += n;
                }
            }
            r.pos = end;
            records.add(new ResourceRecord(name, type, dnsClass, ttl, target, strings));
        }
        return new DnsMessage(id, (flags & 0x8000) != 0, questions, records);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0 || b.length > 63) {
                throw new IllegalArgumentException("bad DNS label in " + name);
            }
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >> 16) & 0xffff);
        u16(out, (int) v & 0xffff);
    }

    private static final class Reader {
        final byte[] data;
        final int length;
        int pos;

        Reader(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        int u16() throws DnsFormatException {
            need(2);
            int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        long u32() throws DnsFormatException {
            return ((long) u16() << 16) | u16();
        }

        /** RFC 1035 §4.1.4: labels, possibly ending in a pointer to an earlier name. */
        String name() throws DnsFormatException {
            StringBuilder sb = new StringBuilder();
            int p = pos;
            int jumps = 0;
            boolean jumped = false;
            while (true) {
                if (p >= length) {
                    throw new DnsFormatException("name runs past the end of the message");
                }
                int len = data[p] & 0xff;
                if ((len & 0xc0) == 0xc0) {
                    if (p + 1 >= length) {
                        throw new DnsFormatException("truncated name pointer");
                    }
                    if (++jumps > MAX_COMPRESSION_JUMPS) {
                        throw new DnsFormatException("name compression loop");
                    }
                    if (!jumped) {
                        pos = p + 2;
                        jumped = true;
                    }
                    p = ((len & 0x3f) << 8) | (data[p + 1] & 0xff);
                    continue;
                }
                if ((len & 0xc0) != 0) {
                    throw new DnsFormatException("unsupported label type");
                }
                p++;
                if (len == 0) {
                    break;
                }
                if (p + len > length) {
                    throw new DnsFormatException("label runs past the end of the message");
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(new String(data, p, len, StandardCharsets.UTF_8));
                if (sb.length() > MAX_NAME_LENGTH) {
                    throw new DnsFormatException("name longer than 255 characters");
                }
                p += len;
            }
            if (!jumped) {
                pos = p;
            }
            return sb.toString().toLowerCase(Locale.ROOT);
        }

        private void need(int n) throws DnsFormatException {
            if (pos + n > length) {
                throw new DnsFormatException("message truncated");
            }
        }
    }
}
