package io.nodus.pubsub.impl.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

class MessageCacheTest {

    static final PeerId PEER = TestPeers.peer(1);

    private static ByteString id(int i) {
        return ByteString.copyFromUtf8("m" + i);
    }

    private static Message msg(String topic, int i) {
        return Message.newBuilder().setTopic(topic).setData(ByteString.copyFromUtf8("data" + i)).build();
    }

    @Test
    void gossipCoversTheNewestWindowsAndHistoryTheRest() {
        MessageCache cache = new MessageCache(5, 3);
        for (int i = 0; i < 6; i++) {
            cache.put(id(i), msg(i % 2 == 0 ? "even" : "odd", i));
            cache.shift();
        }
        // windows (newest first): [], [5], [4], [3], [2]; message 0 and 1 dropped
        assertEquals(List.of(id(4)), cache.gossipIds("even"), "only the 3 newest windows are gossiped");
        assertEquals(List.of(id(5)), cache.gossipIds("odd"));
        assertNotNull(cache.getForPeer(id(2), PEER, 3), "still in history");
        assertNull(cache.getForPeer(id(1), PEER, 3), "shifted out");
        assertEquals(4, cache.size());
    }

    @Test
    void aPeerGetsAMessageAtMostMaxTransmissionsTimes() {
        MessageCache cache = new MessageCache(5, 3);
        cache.put(id(1), msg("t", 1));
        for (int i = 0; i < 3; i++) {
            assertNotNull(cache.getForPeer(id(1), PEER, 3));
        }
        assertNull(cache.getForPeer(id(1), PEER, 3));
    }

    @Test
    void puttingAnIdAgainDoesNotDuplicateIt() {
        MessageCache cache = new MessageCache(2, 1);
        cache.put(id(1), msg("t", 1));
        cache.put(id(1), msg("t", 1));
        assertEquals(List.of(id(1)), cache.gossipIds("t"));
        assertTrue(cache.contains(id(1)));
    }
}
