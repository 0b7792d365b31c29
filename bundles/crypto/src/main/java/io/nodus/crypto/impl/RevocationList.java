package io.nodus.crypto.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.crypto.spi.Sha256;

/**
 * The verified revocation records this node knows, by fingerprint of the revoked key, kept in
 * {@code <data>/crypto/revocations/} so they survive restarts. Every key is checked here before it is used.
 */
final class RevocationList {

    static final String SUFFIX = ".rev";
    /** Bounds memory and disk against a flood of (validly self-signed) records. */
    static final int MAX_RECORDS = 10_000;

    private final Path dir;
    private final NodeIdentity verifier;
    private final Map<String, RevocationRecord> byFingerprint = new ConcurrentHashMap<>();
    private final List<Consumer<RevocationRecord>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> warnings;

    /**
     * @param dir      where records are kept, or null to keep them in memory only
     * @param warnings hears of records that could not be stored (they still apply in memory)
     */
    RevocationList(Path dir, NodeIdentity verifier, Consumer<String> warnings) {
        this.dir = dir;
        this.verifier = verifier;
        this.warnings = warnings;
    }

    /** Loads the stored records; unreadable or invalid files are skipped and named in the returned list. */
    List<String> load() throws IOException {
        List<String> skipped = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return skipped;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(SUFFIX)).sorted().limit(MAX_RECORDS).toList()) {
                try {
                    RevocationRecord r = RevocationRecord.decode(Files.readAllBytes(f));
                    r.verify(verifier);
                    byFingerprint.putIfAbsent(r.fingerprintHex(), r);
                } catch (CryptoException | IOException e) {
                    skipped.add(f.getFileName() + ": " + e.getMessage());
                }
            }
        }
        return skipped;
    }

    void addListener(Consumer<RevocationRecord> listener) {
        listeners.add(listener);
    }

    /**
     * Verifies and adds a record (from the network or made here); listeners hear of new ones.
     *
     * @return true when the record was new
     */
    boolean add(byte[] encoded) throws CryptoException {
        RevocationRecord r = RevocationRecord.decode(encoded);
        r.verify(verifier);
        if (byFingerprint.size() >= MAX_RECORDS && !byFingerprint.containsKey(r.fingerprintHex())) {
            throw new CryptoException(Reason.MALFORMED, "revocation list is full (" + MAX_RECORDS + " records)");
        }
        if (byFingerprint.putIfAbsent(r.fingerprintHex(), r) != null) {
            return false;
        }
        store(r);
        for (Consumer<RevocationRecord> l : listeners) {
            l.accept(r);
        }
        return true;
    }

    boolean isRevoked(byte[] publicKey) {
        return !byFingerprint.isEmpty() && byFingerprint.containsKey(Sha256.fingerprint(publicKey));
    }

    boolean isRevokedFingerprint(String fingerprintHex) {
        return byFingerprint.containsKey(fingerprintHex);
    }

    void requireNotRevoked(byte[] publicKey, String what) throws CryptoException {
        if (isRevoked(publicKey)) {
            RevocationRecord r = byFingerprint.get(Sha256.fingerprint(publicKey));
            throw new CryptoException(Reason.REVOKED, what + " (key " + r.fingerprintHex().substring(0, 16)
                    + "...) was revoked by " + r.owner() + " at " + r.revokedAt() + ": " + r.reason());
        }
    }

    List<RevocationRecord> records() {
        return byFingerprint.values().stream().sorted(Comparator.comparing(RevocationRecord::revokedAt)).toList();
    }

    private void store(RevocationRecord r) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(r.fingerprintHex() + ".tmp");
            Files.write(tmp, r.encoded());
            Files.move(tmp, dir.resolve(r.fingerprintHex() + SUFFIX), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            warnings.accept("cannot store revocation record " + r.fingerprintHex() + " in " + dir + ": " + e
                    + " (it applies until the node restarts)");
        }
    }
}
