package io.nodus.api.transport;

import io.nodus.api.codec.Base32;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.nodus.api.identity.PeerId;

/**
 * How a multiaddr component's value is written as text and as bytes. {@link #toText} also validates bytes read
 * from the wire; both directions throw {@link IllegalArgumentException} saying what is wrong with the value.
 */
enum ValueCodec {

    /** Protocols without a value (size 0). */
    NONE {
        @Override
        byte[] toBytes(String text) {
            return new byte[0];
        }

        @Override
        String toText(byte[] value) {
            return "";
        }
    },
    IP4 {
        @Override
        byte[] toBytes(String text) {
            return IpText.parseIp4(text);
        }

        @Override
        String toText(byte[] value) {
            return IpText.formatIp4(value, 0);
        }
    },
    IP6 {
        @Override
        byte[] toBytes(String text) {
            return IpText.parseIp6(text);
        }

        @Override
        String toText(byte[] value) {
            return IpText.formatIp6(value);
        }
    },
    /** tcp, udp, dccp, sctp: 16-bit big-endian port. */
    PORT {
        @Override
        byte[] toBytes(String text) {
            int port = IpText.parseDecimal(text, MAX_PORT, "port");
            return new byte[] {(byte) (port >>> 8), (byte) port};
        }

        @Override
        String toText(byte[] value) {
            return Integer.toString(((value[0] & 0xff) << 8) | (value[1] & 0xff));
        }
    },
    /** ipcidr: one byte, the prefix length. */
    PREFIX_LENGTH {
        @Override
        byte[] toBytes(String text) {
            return new byte[] {(byte) IpText.parseDecimal(text, 255, "CIDR prefix length")};
        }

        @Override
        String toText(byte[] value) {
            return Integer.toString(value[0] & 0xff);
        }
    },
    /** dns, dns4, dns6, dnsaddr, sni, ip6zone: a UTF-8 name, kept as given (never resolved). */
    NAME {
        @Override
        byte[] toBytes(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (!new String(bytes, StandardCharsets.UTF_8).equals(text)) {
                throw new IllegalArgumentException("name is not valid Unicode (unpaired surrogate)");
            }
            checkName(text, bytes.length);
            return bytes;
        }

        @Override
        String toText(byte[] value) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("name is not valid UTF-8", e);
            }
            checkName(text, value.length);
            return text;
        }
    },
    /** p2p: a peer ID multihash; text in base58btc (CIDv1 accepted when parsing). */
    PEER_ID {
        @Override
        byte[] toBytes(String text) {
            return PeerId.parse(text).toBytes();
        }

        @Override
        String toText(byte[] value) {
            return PeerId.fromBytes(value).toString();
        }
    },
    /** onion3: 35-byte service key (56 base32 characters), ':' and a port 1..65535. */
    ONION3 {
        @Override
        byte[] toBytes(String text) {
            int colon = text.indexOf(':');
            if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("onion3 value '" + text + "' must be <56 base32 chars>:<port>");
            }
            String address = text.substring(0, colon);
            if (address.length() != ONION3_ADDRESS_CHARS) {
                throw new IllegalArgumentException("onion3 address '" + address + "' must be "
                        + ONION3_ADDRESS_CHARS + " base32 characters, not " + address.length());
            }
            byte[] key = Base32.decode(address.toLowerCase(Locale.ROOT));
            int port = IpText.parseDecimal(text.substring(colon + 1), MAX_PORT, "onion3 port");
            if (port == 0) {
                throw new IllegalArgumentException("onion3 port must be 1..65535, not 0");
            }
            byte[] out = new byte[ONION3_KEY_BYTES + 2];
            System.arraycopy(key, 0, out, 0, ONION3_KEY_BYTES);
            out[ONION3_KEY_BYTES] = (byte) (port >>> 8);
            out[ONION3_KEY_BYTES + 1] = (byte) port;
            return out;
        }

        @Override
        String toText(byte[] value) {
            int port = ((value[ONION3_KEY_BYTES] & 0xff) << 8) | (value[ONION3_KEY_BYTES + 1] & 0xff);
            if (port == 0) {
                throw new IllegalArgumentException("onion3 port must be 1..65535, not 0");
            }
            byte[] key = java.util.Arrays.copyOf(value, ONION3_KEY_BYTES);
            return Base32.encode(key) + ":" + port;
        }
    };

    static final int MAX_PORT = 65535;
    /** Longest name value (DNS names are at most 253 characters). */
    static final int MAX_NAME_BYTES = 255;
    static final int ONION3_KEY_BYTES = 35;
    static final int ONION3_ADDRESS_CHARS = 56;

    /** Text to the component's value bytes (without any length prefix). */
    abstract byte[] toBytes(String text);

    /** Value bytes (already of the protocol's size) to text; rejects values the text form cannot carry. */
    abstract String toText(byte[] value);

    private static void checkName(String text, int byteLength) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        if (byteLength > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name is " + byteLength + " bytes, longer than " + MAX_NAME_BYTES);
        }
        if (text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("name '" + text + "' contains '/'");
        }
    }
}
