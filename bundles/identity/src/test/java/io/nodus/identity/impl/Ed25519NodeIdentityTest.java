package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nodus.api.identity.PeerId;

class Ed25519NodeIdentityTest {

    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path data;

    private Path keyFile() {
        return data.resolve("keys").resolve("identity.key");
    }

    private Ed25519NodeIdentity activate() {
        return new Ed25519NodeIdentity(new FixedNodeInfo(data));
    }

    @Test
    void firstActivationCreatesAnOwnerOnlyKeyThatLaterActivationsReuse() throws IOException {
        Ed25519NodeIdentity first = activate();
        assertTrue(Files.isRegularFile(keyFile()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        byte[] stored = Files.readAllBytes(keyFile());
        assertEquals(68, stored.length);
        assertEquals("08011240", HEX.formatHex(stored, 0, 4), "PrivateKey{Type=Ed25519, Data=64 bytes}");
        assertArrayEquals(first.publicKey(), Arrays.copyOfRange(stored, 36, 68), "seed then public key");
        try (var listing = Files.list(keyFile().getParent())) {
            assertEquals(List.of(keyFile()), listing.toList(), "no temporary file is left behind");
        }

        Ed25519NodeIdentity second = activate();
        assertEquals(first.peerId(), second.peerId());
        assertArrayEquals(stored, Files.readAllBytes(keyFile()), "the file is reused, not rewritten");
        assertArrayEquals(first.sign(new byte[] {1, 2}), second.sign(new byte[] {1, 2}));
    }

    @Test
    void peerIdIsTheIdentityMultihashOfThePublicKeyMessage() {
        Ed25519NodeIdentity id = activate();
        byte[] message = id.publicKeyProtobuf();
        assertEquals("08011220" + HEX.formatHex(id.publicKey()), HEX.formatHex(message));
        assertEquals(PeerId.fromPublicKeyProtobuf(message), id.peerId());
        assertTrue(id.peerId().toString().startsWith("12D3KooW"));
        assertArrayEquals(message, id.peerId().extractPublicKeyProtobuf().orElseThrow());
        assertEquals(keyFile(), id.keyFile());
    }

    @Test
    void aLooserExistingKeysDirectoryIsTightened() throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.setPosixFilePermissions(keyFile().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        activate();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())));
    }

    @Test
    void twoFreshDataDirsGetDifferentIdentities(@TempDir Path other) {
        assertNotEquals(activate().peerId(), new Ed25519NodeIdentity(new FixedNodeInfo(other)).peerId());
    }

    /** The spec's Ed25519 private key vector, stored as the key file, is that identity (go-libp2p gives the ID). */
    @Test
    void loadsTheSpecPrivateKeyVector() throws IOException {
        writeKeyFile(SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE));
        Ed25519NodeIdentity id = activate();
        assertArrayEquals(SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC), id.publicKeyProtobuf());
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", id.peerId().toString());
    }

    /** rust-libp2p identity/src/keypair.rs, test keypair_from_protobuf_encoding (Ed25519 entry). */
    @Test
    void loadsARustLibp2pKeypairEncoding() throws IOException {
        writeKeyFile(Base64.getDecoder().decode(
                "CAESQL6vdKQuznQosTrW7FWI9At+XX7EBf0BnZLhb6w+N+XSQSdfInl6c7U4NuxXJlhKcRBlBw9d0tj2dfBIVf6mcPA="));
        assertEquals("12D3KooWEChVMMMzV8acJ53mJHrw1pQ27UAGkCxWXLJutbeUMvVu", activate().peerId().toString());
    }

    /** Peer-ids spec "Ed25519": the older seed + public key + public key layout is still accepted. */
    @Test
    void loadsTheLegacy96ByteLayout() throws IOException {
        byte[] data = LibP2pKeys.decode(SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE)).data();
        byte[] legacy = Arrays.copyOf(data, 96);
        System.arraycopy(data, 32, legacy, 64, 32);
        writeKeyFile(LibP2pKeys.encode(KeyType.ED25519, legacy));
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", activate().peerId().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "garbage", "secp256k1", "wrong-public-half", "legacy-mismatch", "truncated",
        "trailing-byte", "too-large"})
    void aCorruptKeyFileFailsActivationAndIsLeftUntouched(String kind) throws IOException {
        byte[] good = SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE);
        byte[] content = switch (kind) {
            case "empty" -> new byte[0];
            case "garbage" -> "not a key\n".getBytes(StandardCharsets.UTF_8);
            case "secp256k1" -> SpecKeyVectors.get(SpecKeyVectors.SECP256K1_PRIVATE);
            case "wrong-public-half" -> flip(good, good.length - 1);
            case "legacy-mismatch" -> {
                byte[] d = LibP2pKeys.decode(good).data();
                byte[] legacy = Arrays.copyOf(d, 96);
                System.arraycopy(d, 32, legacy, 64, 32);
                yield LibP2pKeys.encode(KeyType.ED25519, flip(legacy, 95));
            }
            case "truncated" -> Arrays.copyOf(good, good.length - 1);
            case "trailing-byte" -> Arrays.copyOf(good, good.length + 1);
            case "too-large" -> new byte[4096];
            default -> throw new IllegalArgumentException(kind);
        };
        writeKeyFile(content);
        for (int attempt = 0; attempt < 2; attempt++) {
            KeyFileException e = assertThrows(KeyFileException.class, this::activate);
            assertTrue(e.getMessage().contains(keyFile().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("left untouched"), e.getMessage());
            assertArrayEquals(content, Files.readAllBytes(keyFile()), "the file is not overwritten");
        }
    }

    @Test
    void anUnreadableKeyPathFailsActivationAndIsNotReplaced() throws IOException {
        Files.createDirectories(keyFile()); // a directory where the file should be: exists, cannot be read
        KeyFileException e = assertThrows(KeyFileException.class, this::activate);
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        assertTrue(Files.isDirectory(keyFile()));
    }

    @Test
    void aDanglingSymlinkIsNotReplaced() throws IOException {
        Files.createDirectories(keyFile().getParent());
        Path target = data.resolve("elsewhere.key");
        Files.createSymbolicLink(keyFile(), target);
        KeyFileException e = assertThrows(KeyFileException.class, this::activate);
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        assertTrue(Files.isSymbolicLink(keyFile()));
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void signaturesVerifyAndTamperingIsDetected() {
        Ed25519NodeIdentity id = activate();
        byte[] data = "hello nodus".getBytes(StandardCharsets.UTF_8);
        byte[] sig = id.sign(data);
        assertEquals(64, sig.length);
        assertTrue(id.verify(id.publicKeyProtobuf(), data, sig));
        assertFalse(id.verify(id.publicKeyProtobuf(), flip(data, 0), sig));
        assertFalse(id.verify(id.publicKeyProtobuf(), data, flip(sig, 10)));
        assertFalse(id.verify(id.publicKeyProtobuf(), data, Arrays.copyOf(sig, 63)));
        assertFalse(id.verify(SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC), data, sig), "another key");
        assertTrue(id.verify(id.publicKeyProtobuf(), new byte[0], id.sign(new byte[0])));
    }

    /**
     * Cross-implementation check of sign(): go-libp2p's TestWalkthroughInSpec
     * (p2p/http/auth/internal/handshake/handshake_test.go) signs this payload with the spec's Ed25519 key.
     */
    @Test
    void signsLikeGoLibp2p() throws IOException {
        writeKeyFile(SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE));
        byte[] part1 = ("challenge-client=" + Base64.getUrlEncoder().encodeToString(new byte[32]))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] part2 = "hostname=\"example.com\"".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = concat("libp2p-PeerID".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) part1.length},
                part1, new byte[] {(byte) part2.length}, part2);
        byte[] expected = Base64.getUrlDecoder().decode(
                "F5OBYbbMXoIVJNWrW0UANi7rrbj4GCB6kcEceQjajLTMvC-_jpBF9MFlxiaNYXOEiPQqeo_S56YUSNinwl0ZCQ==");
        Ed25519NodeIdentity id = activate();
        assertArrayEquals(expected, id.sign(payload));
        assertTrue(id.verify(SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC), payload, expected));
    }

    @Test
    void verifyRejectsUndecodableKeys() {
        Ed25519NodeIdentity id = activate();
        byte[] data = {1};
        byte[] sig = id.sign(data);
        assertThrows(IllegalArgumentException.class, () -> id.verify(new byte[] {8, 1}, data, sig));
        assertThrows(IllegalArgumentException.class, () -> id.verify(HEX.parseHex("0804120100"), data, sig));
        assertThrows(IllegalArgumentException.class,
                () -> id.verify(LibP2pKeys.encode(KeyType.ED25519, new byte[31]), data, sig));
    }

    private void writeKeyFile(byte[] content) throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.write(keyFile(), content);
    }

    static byte[] flip(byte[] in, int index) {
        byte[] out = in.clone();
        out[index] ^= 1;
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
