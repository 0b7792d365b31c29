package io.nodus.crypto.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * Both ends of the request messages of {@code /nodus/crypto/1.0.0}: serving INITIATE (key exchange), GET_CONFIG and
 * SET_CONFIG (admins only) and ECHO; and asking a peer for its configuration or an echo.
 */
final class CryptoRequests {

    /** Configuration keys a remote admin may set. */
    static final Set<String> REMOTE_KEYS = Set.of("encryption.mode", "encryption.allowed", "encryption.onProviderLoss",
            "rotation.messages", "rotation.bytes", "rotation.seconds", "handover.seconds", "exchange.timeoutSeconds");
    static final byte[] ECHO_AAD = "nodus/crypto/1.0.0 echo".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_ECHO = 128 * 1024;

    private final CryptoEngine engine;
    private final SecureRandom random = new SecureRandom();
    private volatile ConfigWriter configWriter;

    CryptoRequests(CryptoEngine engine, ConfigWriter configWriter) {
        this.engine = engine;
        this.configWriter = configWriter;
    }

    void configWriter(ConfigWriter w) {
        configWriter = w;
    }

    /** Serves one request from {@code from} (authenticated by the transport); always returns a signed reply. */
    byte[] handle(PeerId from, byte[] request) {
        byte[] requestHash = Sha256.hash(request);
        try {
            MessageVerifier.Verified v = engine.verifier.verify(request, from);
            CryptoMessage m = v.message();
            return switch (m.type()) {
                case INITIATE -> {
                    KeyExchange.Responded r = engine.exchange.respond(v);
                    engine.install(r.session());
                    yield r.accept();
                }
                case GET_CONFIG -> {
                    requireAdmin(from, "GetEncryptionConfig");
                    yield reply(MessageType.CONFIG, new ConfigBody(requestHash, view()).encode());
                }
                case SET_CONFIG -> {
                    requireAdmin(from, "SetEncryptionConfig");
                    apply(from, ConfigBody.decode(m.body(), false).values());
                    yield reply(MessageType.CONFIG, new ConfigBody(requestHash, view()).encode());
                }
                case ECHO -> {
                    byte[] sealed = new FieldReader(m.body()).bytes(MAX_ECHO + 4096, "echo payload");
                    byte[] plaintext = engine.open(from, sealed, ECHO_AAD);
                    byte[] back = engine.seal(from, plaintext, ECHO_AAD);
                    yield reply(MessageType.ECHO_REPLY, new FieldWriter().raw(requestHash).bytes(back).toByteArray());
                }
                default -> throw new CryptoException(Reason.MALFORMED, m.type() + " is not a request");
            };
        } catch (CryptoException e) {
            engine.log.info("refused a crypto request from " + from + ": " + e.getMessage());
            return reply(MessageType.ERROR, new ErrorReply(requestHash, e.reason(), e.getMessage()).encode());
        } catch (RuntimeException e) {
            engine.log.warn("crypto request from " + from + " failed: " + e);
            return reply(MessageType.ERROR, new ErrorReply(requestHash, Reason.MALFORMED,
                    "the request could not be served").encode());
        }
    }

    /** GetEncryptionConfig (no changes) or SetEncryptionConfig on {@code peer}; returns its configuration in force. */
    Map<String, String> remoteConfig(PeerId peer, Map<String, String> changes) throws CryptoException {
        MessageType type = changes.isEmpty() ? MessageType.GET_CONFIG : MessageType.SET_CONFIG;
        byte[] body = changes.isEmpty() ? new byte[0] : new ConfigBody(null, changes).encode();
        byte[] request = reply(type, body);
        CryptoMessage m = exchange(peer, request, MessageType.CONFIG);
        ConfigBody c = ConfigBody.decode(m.body(), true);
        requireAnswers(c.requestHash(), request, peer);
        return new LinkedHashMap<>(c.values());
    }

    /** Seals {@code size} random bytes for {@code peer}, has it open and seal them back, and checks them. */
    Duration echo(PeerId peer, int size) throws CryptoException {
        if (size < 0 || size > MAX_ECHO) {
            throw new CryptoException(Reason.MALFORMED, "echo size must be 0.." + MAX_ECHO);
        }
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        long start = System.nanoTime();
        byte[] sealed = engine.seal(peer, payload, ECHO_AAD);
        byte[] request = reply(MessageType.ECHO, new FieldWriter().bytes(sealed).toByteArray());
        CryptoMessage m = exchange(peer, request, MessageType.ECHO_REPLY);
        FieldReader r = new FieldReader(m.body());
        requireAnswers(r.raw(Sha256.BYTES, "request hash"), request, peer);
        byte[] back = engine.open(peer, r.bytes(MAX_ECHO + 4096, "echo payload"), ECHO_AAD);
        r.requireEnd("echo reply");
        if (!Arrays.equals(back, payload)) {
            throw new CryptoException(Reason.TAMPERED, peer + " echoed different bytes");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    Map<String, String> view() {
        CryptoSettings s = engine.settings();
        Map<String, String> v = new HashMap<>();
        s.toProperties().forEach((k, val) -> v.put(k, String.valueOf(val)));
        v.put("offered", String.join(",", engine.registry.offered(s)));
        v.put("installed", String.join(",", engine.registry.installed().stream().map(ModeRegistry.Entry::id).toList()));
        return v;
    }

    /** Validates {@code changes} on top of the configuration in force and writes it; nothing applies if invalid. */
    void apply(PeerId by, Map<String, String> changes) throws CryptoException {
        Map<String, Object> merged = new HashMap<>(engine.settings().toProperties());
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (!REMOTE_KEYS.contains(e.getKey())) {
                throw new CryptoException(Reason.INVALID_CONFIG, "'" + e.getKey() + "' cannot be set remotely (settable: "
                        + REMOTE_KEYS + ")");
            }
            merged.put(e.getKey(), e.getValue());
        }
        CryptoSettings next;
        try {
            next = CryptoSettings.parse(merged);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(Reason.INVALID_CONFIG, "configuration refused: " + e.getMessage());
        }
        try {
            configWriter.write(next.toProperties());
        } catch (IOException e) {
            throw new CryptoException(Reason.INVALID_CONFIG, "configuration could not be stored: " + e.getMessage(), e);
        }
        engine.log.info("configuration " + CryptoConfig.PID + " changed by " + (by == null ? "this node" : by) + ": "
                + changes);
    }

    private void requireAdmin(PeerId from, String what) throws CryptoException {
        if (!engine.settings().admins().contains(from)) {
            throw new CryptoException(Reason.NOT_AUTHORIZED, from + " is not an admin of this node (encryption.admins):"
                    + " " + what + " refused");
        }
    }

    private CryptoMessage exchange(PeerId peer, byte[] request, MessageType expected) throws CryptoException {
        PeerChannel c = engine.channel();
        if (c == null) {
            throw new CryptoException(Reason.PEER_UNREACHABLE, "no transport (Host service) to reach " + peer);
        }
        byte[] replyBytes;
        try {
            replyBytes = c.request(peer, request, engine.settings().exchangeTimeout());
        } catch (IOException e) {
            throw new CryptoException(Reason.PEER_UNREACHABLE, "request to " + peer + " failed: " + e.getMessage(), e);
        }
        CryptoMessage m = engine.verifier.verify(replyBytes, peer).message();
        if (m.type() == MessageType.ERROR) {
            throw ErrorReply.decode(m.body()).toException(peer, request);
        }
        if (m.type() != expected) {
            throw new CryptoException(Reason.MALFORMED, peer + " answered with " + m.type() + ", not " + expected);
        }
        return m;
    }

    private static void requireAnswers(byte[] hash, byte[] request, PeerId peer) throws CryptoException {
        if (!Arrays.equals(hash, Sha256.hash(request))) {
            throw new CryptoException(Reason.MALFORMED, peer + " answered another request");
        }
    }

    private byte[] reply(MessageType type, byte[] body) {
        return CryptoMessage.sign(type, engine.identity, engine.clock.millis(), engine.exchange.nonce(), body);
    }
}
