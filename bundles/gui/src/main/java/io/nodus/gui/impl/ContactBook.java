package io.nodus.gui.impl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.node.NodeInfo;

/**
 * Key fingerprints and the contacts whose fingerprint the user verified (compared with the peer by another channel).
 * Only peer IDs and fingerprints are kept ({@code <data>/gui/verified-peers}), never anything said in a chat.
 */
@Component(service = ContactBook.class)
public final class ContactBook {

    static final String FILE = "verified-peers";
    /** Fingerprint bytes shown: 160 bits, as 10 groups of 4 hex digits. */
    static final int FINGERPRINT_BYTES = 20;
    static final int MAX_CONTACTS = 4096;

    private static final System.Logger LOG = System.getLogger(ContactBook.class.getName());

    private final Path file;
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    @Activate
    public ContactBook(@Reference NodeInfo node) {
        this.file = node.dataDir().resolve("gui").resolve(FILE);
        load();
    }

    /** SHA-256 of the peer's public key (the key itself is inlined in Ed25519 peer IDs), shortened and grouped. */
    static String fingerprint(PeerId peer) {
        byte[] key = peer.extractPublicKeyProtobuf().orElseGet(peer::toBytes);
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        String hex = HexFormat.of().formatHex(h, 0, FINGERPRINT_BYTES);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, i + 4);
        }
        return out.toString();
    }

    boolean isVerified(PeerId peer) {
        return fingerprint(peer).equals(verified.get(peer.toString()));
    }

    List<String> verifiedPeers() {
        return new ArrayList<>(verified.keySet());
    }

    synchronized void setVerified(PeerId peer, boolean yes) throws IOException {
        if (yes) {
            if (verified.size() >= MAX_CONTACTS && !verified.containsKey(peer.toString())) {
                throw new IOException("more than " + MAX_CONTACTS + " verified contacts");
            }
            verified.put(peer.toString(), fingerprint(peer));
        } else {
            verified.remove(peer.toString());
        }
        save();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length == 2 && verified.size() < MAX_CONTACTS) {
                    try {
                        PeerId.parse(parts[0]);
                        verified.put(parts[0], parts[1]);
                    } catch (IllegalArgumentException e) {
                        LOG.log(Level.WARNING, "skipping a malformed line of {0}", file);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read {0}: {1}", file, e.getMessage());
        }
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        verified.forEach((peer, fp) -> lines.add(peer + " " + fp));
        Path tmp = file.resolveSibling("." + FILE + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
