package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatService;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.ChatProtocolException;
import io.nodus.chat.impl.protocol.Deposit;
import io.nodus.chat.impl.protocol.Deposited;
import io.nodus.chat.impl.protocol.FetchPrekeyBundle;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.protocol.PublishPrekeyBundle;
import io.nodus.chat.impl.protocol.ReceiveChatMessages;
import io.nodus.chat.impl.protocol.RelayRefusedException;
import io.nodus.chat.impl.protocol.StartChatSession;
import io.nodus.chat.impl.session.ChatSession;
import io.nodus.chat.impl.session.SignedPrekeyBundle;

/**
 * What this node asks of its trusted relays: keep our published prekey bundle, give us a peer's bundle, take sealed
 * items for a peer we cannot reach, and hand over what waits for us. Every request is answered on its stream: a
 * Refused frame becomes a {@link RelayRefusedException}.
 */
final class RelayClient {

    /** Session starts taken from relays that are remembered, so a replayed copy does not start the session again. */
    static final int MAX_ACCEPTED_STARTS = 4096;

    private final ChatEngine engine;
    private final LinkedHashMap<String, Boolean> acceptedStarts = new LinkedHashMap<>();

    RelayClient(ChatEngine engine) {
        this.engine = engine;
    }

    /** The relays to try for reaching {@code peer} (never the peer itself, never this node). */
    List<PeerId> relaysFor(PeerId peer) {
        List<PeerId> out = new ArrayList<>();
        for (PeerId r : engine.settings.relays()) {
            if (!r.equals(peer) && !r.equals(engine.self)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Leaves our current bundle (no one-time prekey) at the relay, for the longest TTL. */
    void publish(PeerId relay) {
        PrekeyBundleMessage b = SignedPrekeyBundle.encode(engine.prekeys.publishedBundle(),
                engine.prekeys.identitySignature());
        try (P2PStream s = engine.host().newStream(relay, ChatService.PROTOCOL)) {
            FrameCodec.write(s.output(), Frame.newBuilder().setPublishPrekeyBundle(PublishPrekeyBundle.newBuilder()
                    .setBundle(b).setTtlMs(engine.settings.maxTtl().toMillis())).build());
            finish(s);
            ChatEngine.LOG.log(Level.INFO, "chat: prekey bundle {0} published at relay {1}", b.getSignedPrekeyId(),
                    relay);
        } catch (IOException e) {
            ChatEngine.LOG.log(Level.WARNING, "chat: publishing the prekey bundle at relay {0} failed: {1}", relay,
                    e.getMessage());
        }
    }

    /** Publishes at every relay (after the signed prekey rotated). */
    void publishEverywhere() {
        for (PeerId relay : relaysFor(engine.self)) {
            publish(relay);
        }
    }

    /** The bundle {@code owner} published at the relay (still to be verified against the owner's peer id). */
    PrekeyBundleMessage fetchBundle(PeerId relay, PeerId owner) throws IOException {
        try (P2PStream s = engine.host().newStream(relay, ChatService.PROTOCOL)) {
            FrameCodec.write(s.output(), Frame.newBuilder().setFetchPrekeyBundle(FetchPrekeyBundle.newBuilder()
                    .setPeer(ByteString.copyFrom(owner.toBytes()))).build());
            s.closeWrite();
            Frame f = FrameCodec.read(s.input());
            if (f != null && f.getBodyCase() == Frame.BodyCase.REFUSED) {
                throw new RelayRefusedException(f.getRefused().getReason(), f.getRefused().getDetail());
            }
            if (f == null || f.getBodyCase() != Frame.BodyCase.PREKEY_BUNDLE) {
                throw new ChatProtocolException("relay answered a bundle request with "
                        + (f == null ? "nothing" : f.getBodyCase()));
            }
            return f.getPrekeyBundle();
        }
    }

    /** Leaves a session start for {@code peer} at the relay; throws when the relay refuses it. */
    void depositStart(PeerId relay, PeerId peer, StartChatSession start, long ttlMs) throws IOException {
        try (P2PStream s = engine.host().newStream(relay, ChatService.PROTOCOL)) {
            FrameCodec.write(s.output(), Frame.newBuilder().setDeposit(Deposit.newBuilder()
                    .setRecipient(ByteString.copyFrom(peer.toBytes())).setTtlMs(ttlMs).setStart(start)).build());
            finish(s);
        }
    }

    /**
     * Half-closes a request stream and reads the relay's answer up to its end: nothing means everything was taken;
     * the first Refused frame is thrown.
     */
    static void finish(P2PStream s) throws IOException {
        s.closeWrite();
        RelayRefusedException refused = null;
        for (int n = 0; n < RelayStore.MAX_PER_RECIPIENT; n++) {
            Frame f = FrameCodec.read(s.input());
            if (f == null) {
                break;
            }
            if (f.getBodyCase() == Frame.BodyCase.REFUSED && refused == null) {
                refused = new RelayRefusedException(f.getRefused().getReason(), f.getRefused().getDetail());
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    /** Asks the relay for what waits for us and opens it as if it came directly. */
    void collect(PeerId relay) {
        try (P2PStream s = engine.host().newStream(relay, ChatService.PROTOCOL)) {
            FrameCodec.write(s.output(), Frame.newBuilder()
                    .setReceiveChatMessages(ReceiveChatMessages.getDefaultInstance()).build());
            s.closeWrite();
            int n = read(relay, s, FrameCodec.read(s.input()));
            if (n > 0) {
                ChatEngine.LOG.log(Level.INFO, "chat: {0} item(s) collected from relay {1}", n, relay);
            }
        } catch (IOException | IllegalArgumentException e) {
            ChatEngine.LOG.log(Level.DEBUG, "chat: collecting from relay {0} failed: {1}", relay, e.toString());
        }
    }

    /** Deposits a trusted relay forwards to us on its own (the first frame already read). */
    void forwarded(P2PStream s, Frame first) throws IOException {
        PeerId relay = s.remotePeer();
        if (!engine.settings.relays().contains(relay)) {
            throw new ChatProtocolException("deposits forwarded by " + relay + ", which is not one of our relays");
        }
        int n = read(relay, s, first);
        ChatEngine.LOG.log(Level.DEBUG, "chat: {0} item(s) forwarded by relay {1}", n, relay);
    }

    private int read(PeerId relay, P2PStream s, Frame first) throws IOException {
        int n = 0;
        for (Frame f = first; f != null && n < RelayStore.MAX_PER_RECIPIENT; f = FrameCodec.read(s.input())) {
            if (f.getBodyCase() != Frame.BodyCase.DEPOSITS) {
                throw new ChatProtocolException("relay " + relay + " sent " + f.getBodyCase());
            }
            for (Deposited d : f.getDeposits().getItemsList()) {
                PeerId sender = PeerId.fromBytes(d.getSender().toByteArray());
                if (d.hasStart()) {
                    acceptStart(sender, d.getStart());
                } else {
                    engine.inbound.message(sender, d.getMessage());
                }
                n++;
            }
        }
        return n;
    }

    /**
     * A session start a peer left at a relay while we were offline: completes our side (X3DH from our kept signed
     * prekey) so the messages behind it open. Without a one-time prekey a start could be replayed (X3DH section
     * 4.2): a start whose session we hold or took before is ignored, and the texts it carried are dropped by id.
     */
    private void acceptStart(PeerId peer, StartChatSession start) {
        String id = HexFormat.of().formatHex(start.getSessionId().toByteArray());
        synchronized (acceptedStarts) {
            if (engine.sessions.byId(peer, id) != null || acceptedStarts.put(peer + "/" + id, Boolean.TRUE) != null) {
                return;
            }
            Iterator<String> it = acceptedStarts.keySet().iterator();
            while (acceptedStarts.size() > MAX_ACCEPTED_STARTS && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        ChatSession s = engine.starter.acceptOffline(peer, start);
        if (s == null) {
            ChatEngine.LOG.log(Level.WARNING, "chat: session start {0} from {1} left at a relay refused (not signed"
                    + " by the peer, or a retired prekey)", id, peer);
            return;
        }
        engine.installSession(s, true);
    }
}
