package io.nodus.crypto.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/** GetEncryptionConfig and SetEncryptionConfig: admins only, validated whole, applied live. */
class RemoteConfigTest {

    private final TestNetwork net = new TestNetwork();
    private final TestNode admin = net.node("admin");
    private final TestNode node = net.node("node");
    private final TestNode stranger = net.node("stranger");

    @BeforeEach
    void setUp() {
        for (TestNode n : new TestNode[] {admin, node, stranger}) {
            n.addMode(new StubMode("symmetric", 30));
            n.addMode(new StubMode("asymmetric", 20));
        }
        node.configureLocally(Map.of("encryption.admins", admin.peerId().toString()));
    }

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void anAdminReadsAndChangesTheConfiguration() throws Exception {
        Map<String, String> got = admin.remoteConfig(node.peerId(), Map.of());
        assertEquals("symmetric", got.get("encryption.mode"));
        assertEquals("symmetric,asymmetric", got.get("offered"));

        Map<String, String> set = admin.remoteConfig(node.peerId(), Map.of("encryption.mode", "asymmetric"));
        assertEquals("asymmetric", set.get("encryption.mode"));
        assertEquals("asymmetric", node.service().policy().mode(), "in force on the node");
        assertTrue(node.logged("changed by " + admin.peerId()), node.log().toString());
    }

    @Test
    void aPeerThatIsNotAnAdminIsRefused() {
        CryptoException e = refused(Reason.NOT_AUTHORIZED, () -> stranger.remoteConfig(node.peerId(), Map.of()));
        assertTrue(e.getMessage().contains("not an admin"), e.getMessage());
        refused(Reason.NOT_AUTHORIZED, () -> stranger.remoteConfig(node.peerId(), Map.of("encryption.mode", "none")));
        assertEquals("symmetric", node.service().policy().mode());
    }

    @Test
    void anInvalidChangeIsRefusedWholeAndNothingApplies() {
        CryptoException e = refused(Reason.INVALID_CONFIG, () -> admin.remoteConfig(node.peerId(),
                Map.of("encryption.mode", "none", "rotation.messages", "-5")));
        assertTrue(e.getMessage().contains("rotation"), e.getMessage());
        assertEquals("symmetric", node.service().policy().mode(), "the valid half did not apply either");
        refused(Reason.INVALID_CONFIG, () -> admin.remoteConfig(node.peerId(),
                Map.of("encryption.admins", admin.peerId().toString())));
    }

    @Test
    void echoSealsARoundTrip() throws CryptoException {
        admin.echo(node.peerId(), 4096);
        assertEquals(1, node.service().session(admin.peerId()).orElseThrow().messagesOpened());
    }
}
