package io.nodus.chat.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.Deposited;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.testkit.TestIdentity;

/** What a relay holds is bounded, refused with a reason when over a bound, and forgotten at its TTL. */
class RelayStoreTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private final RelayStore store = new RelayStore();
    private final PeerId sender = new TestIdentity().peerId();
    private final PeerId recipient = new TestIdentity().peerId();

    private RelayStore.Held held(int bodyBytes, Instant expires) {
        return new RelayStore.Held(Deposited.newBuilder().setSender(ByteString.copyFrom(sender.toBytes()))
                .setMessage(SendEphemeralMessage.newBuilder().setBody(ByteString.copyFrom(new byte[bodyBytes])))
                .build(), expires);
    }

    @Test
    void depositsPerRecipientAreBoundedWithAReason() {
        for (int i = 0; i < RelayStore.MAX_PER_RECIPIENT; i++) {
            assertNull(store.deposit(recipient, held(1, NOW.plusSeconds(60))));
        }
        String refused = store.deposit(recipient, held(1, NOW.plusSeconds(60)));
        assertNotNull(refused);
        assertTrue(refused.contains(String.valueOf(RelayStore.MAX_PER_RECIPIENT)), refused);
        assertEquals(RelayStore.MAX_PER_RECIPIENT, store.take(recipient, NOW).size());
        assertEquals(0, store.size(), "handed over means forgotten");
    }

    @Test
    void depositsAreBoundedInBytes() {
        int body = 100 * 1024;
        long fits = RelayStore.MAX_TOTAL_BYTES / held(body, NOW).item().getSerializedSize();
        int kept = 0;
        for (int i = 0; i <= fits + 1 && kept < RelayStore.MAX_TOTAL; i++) {
            PeerId r = new TestIdentity().peerId();
            if (store.deposit(r, held(body, NOW.plusSeconds(60))) != null) {
                break;
            }
            kept++;
        }
        assertEquals(fits, kept, "deposits of " + body + " bytes kept");
        String refused = store.deposit(recipient, held(body, NOW.plusSeconds(60)));
        assertNotNull(refused);
        assertTrue(refused.contains("bytes"), refused);
    }

    @Test
    void expiredDepositsAndBundlesAreForgotten() {
        store.deposit(recipient, held(1, NOW.plusSeconds(1)));
        store.publish(sender, PrekeyBundleMessage.getDefaultInstance(), NOW.plusSeconds(1));
        assertNotNull(store.bundle(sender, NOW));
        store.purge(NOW.plusSeconds(1));
        assertEquals(0, store.size());
        assertEquals(0, store.bundles());
        assertNull(store.bundle(sender, NOW.plusSeconds(1)));
        assertNull(store.deposit(recipient, held(RelayStore.MAX_PER_RECIPIENT, NOW.plusSeconds(60))),
                "room again after the purge");
    }

    @Test
    void aPublisherReplacesItsBundleAndNewPublishersAreBounded() {
        PrekeyBundleMessage one = PrekeyBundleMessage.newBuilder().setSignedPrekeyId(1).build();
        PrekeyBundleMessage two = PrekeyBundleMessage.newBuilder().setSignedPrekeyId(2).build();
        assertNull(store.publish(sender, one, NOW.plusSeconds(60)));
        assertNull(store.publish(sender, two, NOW.plusSeconds(60)));
        assertEquals(2, store.bundle(sender, NOW).getSignedPrekeyId());
        for (int i = 1; i < RelayStore.MAX_BUNDLES; i++) {
            assertNull(store.publish(new TestIdentity().peerId(), one, NOW.plusSeconds(60)));
        }
        String refused = store.publish(recipient, one, NOW.plusSeconds(60));
        assertNotNull(refused);
        assertNull(store.publish(sender, one, NOW.plusSeconds(60)), "a publisher already held may still refresh");
    }
}
