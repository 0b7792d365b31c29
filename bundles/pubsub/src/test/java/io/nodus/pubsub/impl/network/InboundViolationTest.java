package io.nodus.pubsub.impl.network;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;
import static io.nodus.pubsub.PubSubFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.transport.P2PStream;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.message.MessageSigner;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.router.GossipSubRouter;
import io.nodus.pubsub.impl.wire.RpcFrames;
import io.nodus.transport.impl.host.LibP2pHost;

/**
 * A raw peer (a host without pubsub) writes to a pubsub node's /meshsub/1.1.0 handler directly: malformed RPCs
 * reset its stream and leave other peers alone; invalid messages are dropped; duplicates are delivered once.
 */
class InboundViolationTest {

    private static final String TOPIC = "guarded";

    @TempDir
    Path dir;

    private PubSubFixture fixture;
    private Node target;
    private Node honest;
    private Inbox targetInbox;
    private Inbox honestInbox;
    private NodeIdentity rawIdentity;
    private LibP2pHost raw;

    @BeforeEach
    void start() throws IOException {
        fixture = new PubSubFixture(dir);
        target = fixture.start(PubSubSettings.DEFAULTS.withMaxRpcBytes(64 * 1024));
        honest = fixture.start(PubSubSettings.DEFAULTS);
        targetInbox = new Inbox();
        honestInbox = new Inbox();
        target.pubsub().subscribe(TOPIC, targetInbox);
        honest.pubsub().subscribe(TOPIC, honestInbox);
        connect(honest, target);
        rawIdentity = fixture.identity();
        raw = fixture.bareHost(rawIdentity);
        raw.connect(dialable(target.host()));
        // a message forwarded before the mesh forms would reach the honest peer only if it were outside the mesh
        await(() -> target.pubsub().mesh(TOPIC).contains(honest.id()), "the honest peer in the target's mesh");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void truncatedVarintOversizedFrameAndGarbageEachResetOnlyTheirStream() throws Exception {
        String[] attacks = {
            "80",               // a length prefix cut off by the end of the stream
            "808080808001",     // a prefix longer than 4 bytes
            "818004",           // 65 537 bytes announced, over the 64 KiB limit
            "05ffffffffff",     // five bytes that are no protobuf
        };
        for (int i = 0; i < attacks.length; i++) {
            P2PStream s = raw.newStream(target.id(), GossipSubRouter.MESHSUB_V11);
            s.output().write(HexFormat.of().parseHex(attacks[i]));
            s.output().flush();
            if (i == 0) {
                s.closeWrite();
            }
            assertStreamEnds(s);
            int expected = i + 1;
            await(() -> target.pubsub().stats().rejectedStreams() == expected, "violation " + expected + " counted");
        }

        target.pubsub().publish(TOPIC, "still fine".getBytes(StandardCharsets.UTF_8));
        honest.pubsub().publish(TOPIC, "and back".getBytes(StandardCharsets.UTF_8));
        await(() -> honestInbox.hasText("still fine") && targetInbox.hasText("and back"), "the honest peer unharmed");
        assertTrue(target.host().connections().stream().anyMatch(c -> c.peer().equals(raw.peerId())),
                "a stream violation does not close the connection");
    }

    @Test
    void invalidSignaturesAreDroppedAndDuplicatesDeliveredOnce() throws Exception {
        P2PStream s = raw.newStream(target.id(), GossipSubRouter.MESHSUB_V11);
        MessageSigner signer = new MessageSigner(rawIdentity);
        Message good = signer.sign(TOPIC, "signed".getBytes(StandardCharsets.UTF_8));
        byte[] badSig = good.getSignature().toByteArray();
        badSig[0] ^= 1;
        Message forged = signer.sign(TOPIC, "forged".getBytes(StandardCharsets.UTF_8)).toBuilder()
                .setSignature(ByteString.copyFrom(badSig)).build();
        Message noSeqno = signer.sign(TOPIC, "no seqno".getBytes(StandardCharsets.UTF_8)).toBuilder()
                .clearSeqno().build();
        Message wrongKey = signer.sign(TOPIC, "wrong key".getBytes(StandardCharsets.UTF_8)).toBuilder()
                .setKey(ByteString.copyFrom(honest.identity().publicKeyProtobuf())).build();

        write(s, RPC.newBuilder().addPublish(forged).addPublish(noSeqno).addPublish(wrongKey).build());
        write(s, RPC.newBuilder().addPublish(good).build());
        write(s, RPC.newBuilder().addPublish(good).build());

        await(() -> targetInbox.hasText("signed"), "the valid message");
        await(() -> target.pubsub().stats().invalidMessages() == 3, "three invalid messages dropped");
        await(() -> target.pubsub().stats().duplicates() >= 1, "the second copy recognised");
        await(() -> honestInbox.hasText("signed"), "the valid message relayed to the honest peer");
        assertEquals(1, targetInbox.count("signed"));
        assertEquals(1, targetInbox.messages.size(), "nothing invalid delivered");
        assertEquals(raw.peerId(), targetInbox.messages.get(0).from());
        s.close();
    }

    private static void write(P2PStream s, RPC rpc) throws IOException {
        RpcFrames.write(s.output(), rpc.toByteArray());
        s.output().flush();
    }

    /** The remote reset (or closed) the stream: a read ends with -1 or an exception within the limit. */
    private static void assertStreamEnds(P2PStream s) throws Exception {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.input().read();
            } catch (IOException e) {
                return -2;
            }
        });
        int r = read.get(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(r < 0, "the stream ended (read gave " + r + ")");
        s.reset();
    }
}
