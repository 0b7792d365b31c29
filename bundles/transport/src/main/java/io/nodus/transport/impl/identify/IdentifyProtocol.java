package io.nodus.transport.impl.identify;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.proto.IdentifyProto.Identify;

/**
 * The identify protocols (identify spec): {@code /ipfs/id/1.0.0} answers with our {@link Identify} message and
 * closes; {@code /ipfs/id/push/1.0.0} sends it unasked when our information changes.
 */
public final class IdentifyProtocol {

    public static final String ID = "/ipfs/id/1.0.0";
    public static final String PUSH_ID = "/ipfs/id/push/1.0.0";
    /** identify spec, "protocolVersion": the protocol family. */
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** Larger than any honest message (go-libp2p caps at 4 KiB per message, signed records included). */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024;
    /** Implementations may split a large message; the parts are merged (as go-libp2p does). */
    public static final int MAX_MESSAGES = 10;
    public static final int MAX_LISTEN_ADDRS = 64;
    public static final int MAX_PROTOCOLS = 512;

    private static final System.Logger LOG = System.getLogger(IdentifyProtocol.class.getName());

    /** What we tell others about ourselves. */
    public interface LocalPeer {
        byte[] publicKeyProtobuf();

        String agentVersion();

        List<Multiaddr> listenAddrs();

        Set<String> protocols();
    }

    /**
     * What a peer told us. A null field was absent (a push may be partial: identify spec, "identify/push").
     *
     * @param peer the peer the stream ran to
     */
    public record Result(PeerId peer, String protocolVersion, String agentVersion, byte[] publicKey,
            List<Multiaddr> listenAddrs, Multiaddr observedAddr, Set<String> protocols) {
    }

    private final LocalPeer local;

    public IdentifyProtocol(LocalPeer local) {
        this.local = local;
    }

    /** Serves {@code /ipfs/id/1.0.0}: one message, then the host closes the stream. */
    public ProtocolHandler responder() {
        return stream -> LengthPrefixed.write(stream.output(), message(stream.remoteAddr()).toByteArray());
    }

    /** Serves {@code /ipfs/id/push/1.0.0}: reads the pushed message and hands it to {@code sink}. */
    public ProtocolHandler pushReceiver(Consumer<Result> sink) {
        return stream -> sink.accept(read(stream, true));
    }

    /** Runs identify on a stream negotiated for {@link #ID}. */
    public Result request(P2PStream stream) throws IOException {
        stream.closeWrite();
        return read(stream, false);
    }

    /** Sends our message on a stream negotiated for {@link #PUSH_ID}. */
    public void push(P2PStream stream) throws IOException {
        LengthPrefixed.write(stream.output(), message(stream.remoteAddr()).toByteArray());
        stream.closeWrite();
    }

    /** Our identify message, with {@code observed} as the address we see the asking peer at. */
    public Identify message(Multiaddr observed) {
        Identify.Builder b = Identify.newBuilder()
                .setProtocolVersion(PROTOCOL_VERSION)
                .setAgentVersion(local.agentVersion())
                .setPublicKey(ByteString.copyFrom(local.publicKeyProtobuf()));
        for (Multiaddr a : local.listenAddrs()) {
            b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
        }
        if (observed != null) {
            b.setObservedAddr(ByteString.copyFrom(observed.toBytes()));
        }
        b.addAllProtocols(local.protocols());
        return b.build();
    }

    private Result read(P2PStream stream, boolean partial) throws IOException {
        Identify.Builder merged = Identify.newBuilder();
        InputStream in = stream.input();
        for (int i = 0; i < MAX_MESSAGES; i++) {
            byte[] bytes = LengthPrefixed.read(in, MAX_MESSAGE_SIZE);
            if (bytes == null) {
                break;
            }
            try {
                merged.mergeFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new IdentifyException("malformed Identify message: " + e.getMessage());
            }
            if (merged.getListenAddrsCount() > MAX_LISTEN_ADDRS || merged.getProtocolsCount() > MAX_PROTOCOLS) {
                throw new IdentifyException("Identify message lists too many addresses or protocols");
            }
        }
        return toResult(stream.remotePeer(), merged.build(), partial);
    }

    static Result toResult(PeerId peer, Identify m, boolean partial) {
        byte[] key = null;
        if (m.hasPublicKey()) {
            key = m.getPublicKey().toByteArray();
            if (!matches(peer, key)) {
                LOG.log(Level.WARNING, "identify from {0}: public key does not match the peer id, ignored", peer);
                key = null;
            }
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (ByteString a : m.getListenAddrsList()) {
            Multiaddr parsed = multiaddr(a);
            if (parsed != null) {
                addrs.add(parsed);
            }
        }
        Set<String> protocols = new LinkedHashSet<>(m.getProtocolsList());
        return new Result(peer,
                m.hasProtocolVersion() ? m.getProtocolVersion() : null,
                m.hasAgentVersion() ? m.getAgentVersion() : null,
                key,
                partial && addrs.isEmpty() ? null : List.copyOf(addrs),
                m.hasObservedAddr() ? multiaddr(m.getObservedAddr()) : null,
                partial && protocols.isEmpty() ? null : Set.copyOf(protocols));
    }

    private static boolean matches(PeerId peer, byte[] publicKeyProtobuf) {
        try {
            return PeerId.fromPublicKeyProtobuf(publicKeyProtobuf).equals(peer);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Multiaddr multiaddr(ByteString bytes) {
        try {
            return Multiaddr.fromBytes(bytes.toByteArray());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
