package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.nodus.api.chat.ChatService;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.ChatProtocolException;
import io.nodus.chat.impl.protocol.Deposit;
import io.nodus.chat.impl.protocol.Deposited;
import io.nodus.chat.impl.protocol.Deposits;
import io.nodus.chat.impl.protocol.FetchPrekeyBundle;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.protocol.PublishPrekeyBundle;
import io.nodus.chat.impl.protocol.Refused;
import io.nodus.chat.impl.session.SignedPrekeyBundle;

import com.google.protobuf.ByteString;

/**
 * The relay's side of store-and-forward (when {@code relayServe} is on): takes deposits for offline peers and the
 * prekey bundles that nodes publish, and hands them out. What it refuses (over a bound, a bundle that does not verify
 * against its publisher, a bundle it does not hold) is answered with a Refused frame on the same stream, so the asker
 * learns why. A deposit for a peer connected here right now is forwarded to it at once.
 */
final class RelayService {

    private final ChatEngine engine;

    RelayService(ChatEngine engine) {
        this.engine = engine;
    }

    /** A stream of Deposit frames (the first already read) until the depositor half-closes it. */
    void deposits(P2PStream stream, Frame first) throws IOException {
        PeerId sender = stream.remotePeer();
        PeerId recipient = null;
        int kept = 0;
        for (Frame f = first; f != null; f = FrameCodec.read(stream.input())) {
            if (f.getBodyCase() != Frame.BodyCase.DEPOSIT) {
                throw new ChatProtocolException("unexpected " + f.getBodyCase() + " on a deposit stream");
            }
            if (!engine.settings.relayServe()) {
                refuse(stream, "NOT_A_RELAY", "this node does not hold messages for others");
                continue;
            }
            Deposit d = f.getDeposit();
            try {
                recipient = PeerId.fromBytes(d.getRecipient().toByteArray());
            } catch (IllegalArgumentException e) {
                throw new ChatProtocolException("deposit for a malformed peer id");
            }
            if (d.hasStart() == d.hasMessage()) {
                throw new ChatProtocolException("a deposit carries one message or one session start");
            }
            long ttl = Math.min(d.getTtlMs(), engine.settings.maxTtl().toMillis());
            Deposited.Builder item = Deposited.newBuilder().setSender(ByteString.copyFrom(sender.toBytes()));
            if (d.hasStart()) {
                item.setStart(d.getStart());
            } else {
                item.setMessage(d.getMessage());
            }
            String refused = engine.relay.deposit(recipient, new RelayStore.Held(item.build(),
                    engine.clock.instant().plusMillis(ttl)));
            if (refused != null) {
                ChatEngine.LOG.log(Level.WARNING, "chat relay: deposit from {0} for {1} refused: {2}", sender,
                        recipient, refused);
                refuse(stream, "FULL", refused);
            } else {
                kept++;
            }
        }
        if (kept > 0) {
            ChatEngine.LOG.log(Level.DEBUG, "chat relay: {0} item(s) from {1} held for {2}", kept, sender, recipient);
            forwardSoon(recipient);
        }
    }

    /** ReceiveChatMessages from the recipient: hands over what waits for it. */
    void receive(P2PStream stream) throws IOException {
        handOver(stream, stream.remotePeer());
        stream.closeWrite();
    }

    private int handOver(P2PStream stream, PeerId recipient) throws IOException {
        List<RelayStore.Held> items = engine.relay.take(recipient, engine.clock.instant());
        Deposits.Builder batch = Deposits.newBuilder();
        int bytes = 0;
        try {
            for (RelayStore.Held h : items) {
                int size = h.item().getSerializedSize();
                if (bytes + size > FrameCodec.MAX_FRAME / 2 && batch.getItemsCount() > 0) {
                    FrameCodec.write(stream.output(), Frame.newBuilder().setDeposits(batch).build());
                    batch = Deposits.newBuilder();
                    bytes = 0;
                }
                batch.addItems(h.item());
                bytes += size;
            }
            if (batch.getItemsCount() > 0) {
                FrameCodec.write(stream.output(), Frame.newBuilder().setDeposits(batch).build());
            }
        } catch (IOException e) {
            // not handed over after all: keep them for the next collection (the recipient drops copies by id)
            items.forEach(h -> engine.relay.deposit(recipient, h));
            throw e;
        }
        if (!items.isEmpty()) {
            ChatEngine.LOG.log(Level.INFO, "chat relay: {0} held item(s) handed to {1}", items.size(), recipient);
        }
        return items.size();
    }

    /** Forwards what waits for the recipient when it is connected here now (it would otherwise collect it later). */
    private void forwardSoon(PeerId recipient) {
        try {
            engine.workers.execute(() -> {
                try {
                    if (engine.host().connections().stream().noneMatch(c -> c.peer().equals(recipient))) {
                        return;
                    }
                    try (P2PStream s = engine.host().newStream(recipient, ChatService.PROTOCOL)) {
                        handOver(s, recipient);
                        s.closeWrite();
                    }
                } catch (IOException e) {
                    ChatEngine.LOG.log(Level.DEBUG, "chat relay: forwarding to {0} failed: {1}", recipient,
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** PublishPrekeyBundle: keeps the publisher's bundle once it verifies against the publisher's peer id. */
    void publish(P2PStream stream, PublishPrekeyBundle p) throws IOException {
        PeerId owner = stream.remotePeer();
        if (!engine.settings.relayServe()) {
            refuse(stream, "NOT_A_RELAY", "this node does not hold prekey bundles for others");
            return;
        }
        PrekeyBundleMessage b = p.getBundle();
        if (!b.getOneTimePrekey().isEmpty() || !SignedPrekeyBundle.verify(engine.verifier, owner, b)) {
            ChatEngine.LOG.log(Level.WARNING, "chat relay: prekey bundle of {0} refused: not signed by it", owner);
            refuse(stream, "BAD_BUNDLE", "the bundle is not signed by its publisher or carries a one-time prekey");
            return;
        }
        Duration ttl = Duration.ofMillis(Math.min(p.getTtlMs(), engine.settings.maxTtl().toMillis()));
        String refused = engine.relay.publish(owner, b, engine.clock.instant().plus(ttl));
        if (refused != null) {
            ChatEngine.LOG.log(Level.WARNING, "chat relay: prekey bundle of {0} refused: {1}", owner, refused);
            refuse(stream, "FULL", refused);
            return;
        }
        ChatEngine.LOG.log(Level.INFO, "chat relay: prekey bundle {0} of {1} published", b.getSignedPrekeyId(),
                owner);
    }

    /** FetchPrekeyBundle: answers with the bundle held for that peer, or Refused UNKNOWN. */
    void fetchBundle(P2PStream stream, FetchPrekeyBundle f) throws IOException {
        PeerId owner;
        try {
            owner = PeerId.fromBytes(f.getPeer().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new ChatProtocolException("bundle asked for a malformed peer id");
        }
        PrekeyBundleMessage b = engine.settings.relayServe() ? engine.relay.bundle(owner, engine.clock.instant())
                : null;
        if (b == null) {
            refuse(stream, "UNKNOWN", "no prekey bundle of " + owner + " here");
            return;
        }
        FrameCodec.write(stream.output(), Frame.newBuilder().setPrekeyBundle(b).build());
    }

    private static void refuse(P2PStream stream, String reason, String detail) throws IOException {
        FrameCodec.write(stream.output(), Frame.newBuilder()
                .setRefused(Refused.newBuilder().setReason(reason).setDetail(detail)).build());
    }
}
