package io.nodus.crypto.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.Sha256;

/** Signed revocation records: verified, applied before any use of a key, kept across restarts. */
class RevocationTest {

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void aRevokedIdentityClosesItsSessionsAndIsRefusedFromThenOn() throws Exception {
        a.addMode(new StubMode("symmetric", 30));
        b.addMode(new StubMode("symmetric", 30));
        byte[] sealed = a.service().seal(b.peerId(), new byte[] {7}, null);

        a.revokeIdentity();

        assertTrue(b.service().session(a.peerId()).isEmpty(), "b closed its session with a");
        assertTrue(b.logged("revoked by " + a.peerId()), b.log().toString());
        refused(Reason.NO_SESSION, () -> b.service().open(a.peerId(), sealed, null));
        CryptoException e = refused(Reason.REVOKED, () -> a.service().establish(b.peerId()));
        assertTrue(e.getMessage().contains("was revoked"), e.getMessage());
        assertTrue(b.service().session(a.peerId()).isEmpty());
    }

    @Test
    void aSessionIsCheckedBeforeEveryUse() throws Exception {
        a.addMode(new StubMode("symmetric", 30));
        b.addMode(new StubMode("symmetric", 30));
        byte[] sealed = a.service().seal(b.peerId(), new byte[] {7}, null);
        // b learns of the revocation only through its list (e.g. loaded from disk), without the listener
        RevocationRecord r = RevocationRecord.create(a.identity(), a.identity().publicKeyProtobuf(),
                RevocationRecord.KIND_IDENTITY, "stolen laptop", Instant.now());
        RevocationList quiet = new RevocationList(null, b.identity(), w -> { });
        quiet.add(r.encoded());
        assertTrue(quiet.isRevoked(a.identity().publicKeyProtobuf()));
        b.receiveRevocation(r.encoded());
        refused(Reason.NO_SESSION, () -> b.service().open(a.peerId(), sealed, null));
    }

    @Test
    void aRecordNotSignedByTheKeysOwnerIsRefused() throws Exception {
        // b tries to revoke a's identity key
        RevocationRecord forged = RevocationRecord.create(b.identity(), a.identity().publicKeyProtobuf(), "encryption-key",
                "not mine to revoke", Instant.now());
        // re-label it as a's record: owner a, signature still b's
        byte[] bytes = forged.encoded().clone();
        byte[] aId = a.peerId().toBytes();
        byte[] bId = b.peerId().toBytes();
        assertEquals(aId.length, bId.length);
        System.arraycopy(aId, 0, bytes, 1 + 4, aId.length);
        CryptoException e = refused(Reason.PEER_ID_MISMATCH, () -> RevocationRecord.decode(bytes).verify(a.identity()));
        assertTrue(e.getMessage().contains("not to the claimed peer"), e.getMessage());
        assertFalse(a.receiveRevocation(bytes));
        assertEquals(0, a.revocationCount());

        // a record whose body was changed after signing
        RevocationRecord mine = RevocationRecord.create(a.identity(), new byte[32], "encryption-key", "ok", Instant.now());
        byte[] changed = mine.encoded().clone();
        changed[changed.length - 70] ^= 1;
        assertFalse(b.receiveRevocation(changed));
        assertEquals(0, b.revocationCount());
    }

    @Test
    void recordsAreKeptAcrossRestarts() throws Exception {
        byte[] key = new byte[32];
        key[0] = 9;
        RevocationRecord r = RevocationRecord.create(a.identity(), key, "encryption-key", "rotated out", Instant.now());
        RevocationList first = new RevocationList(a.dataDir().resolve("revs"), a.identity(), w -> { });
        assertTrue(first.add(r.encoded()));
        assertFalse(first.add(r.encoded()), "the same record twice is not new");
        RevocationList reloaded = new RevocationList(a.dataDir().resolve("revs"), a.identity(), w -> { });
        assertEquals(List.of(), reloaded.load());
        assertTrue(reloaded.isRevoked(key));
        assertEquals(Sha256.fingerprint(key), reloaded.records().get(0).fingerprintHex());
    }
}
