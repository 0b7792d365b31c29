package io.nodus.crypto.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.node.NodeInfo;
import io.nodus.crypto.spi.RsaPrivateKey;
import io.nodus.crypto.spi.StaticKeys;
import io.nodus.crypto.spi.X25519;

/**
 * {@link StaticKeys} kept in {@code <data>/keys/crypto/<purpose>.x25519} (raw 32 bytes) and {@code .rsa} (PKCS#8),
 * readable by the owner only, written atomically. A file that exists but is not a valid key is an error, never
 * silently replaced.
 */
@Component(service = StaticKeys.class)
public final class NodeStaticKeys implements StaticKeys {

    static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> x25519 = new HashMap<>();
    private final Map<String, RsaPrivateKey> rsa = new HashMap<>();

    @Activate
    public NodeStaticKeys(@Reference(name = "node") NodeInfo node) {
        this(node.dataDir().resolve("keys").resolve("crypto"));
    }

    NodeStaticKeys(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized X25519.KeyPair x25519(String purpose) {
        byte[] k = x25519.computeIfAbsent(requirePurpose(purpose), p -> load(p + ".x25519", () -> {
            X25519.KeyPair fresh = X25519.generate(random);
            byte[] priv = fresh.privateKey();
            fresh.destroy();
            return priv;
        }, bytes -> {
            if (bytes.length != X25519.KEY_BYTES) {
                throw new IllegalStateException("not a 32-byte X25519 key");
            }
        }));
        return new X25519.KeyPair(k);
    }

    @Override
    public synchronized RsaPrivateKey rsa(String purpose) {
        return rsa.computeIfAbsent(requirePurpose(purpose), p -> RsaPrivateKey.fromPkcs8(load(p + ".rsa",
                () -> RsaPrivateKey.generate(RSA_BITS, random).pkcs8(), RsaPrivateKey::fromPkcs8)));
    }

    @Override
    public synchronized List<byte[]> renewAll() {
        loadEveryStoredKey();
        List<byte[]> replaced = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : x25519.entrySet()) {
            replaced.add(new X25519.KeyPair(e.getValue()).publicKey());
            Arrays.fill(e.getValue(), (byte) 0);
            delete(e.getKey() + ".x25519");
        }
        for (Map.Entry<String, RsaPrivateKey> e : rsa.entrySet()) {
            replaced.add(e.getValue().publicKey().der());
            delete(e.getKey() + ".rsa");
        }
        x25519.clear();
        rsa.clear();
        return replaced;
    }

    @Override
    public synchronized Map<String, byte[]> publicKeys() {
        loadEveryStoredKey();
        Map<String, byte[]> out = new java.util.TreeMap<>();
        x25519.forEach((p, k) -> out.put(p + ".x25519", new X25519.KeyPair(k).publicKey()));
        rsa.forEach((p, k) -> out.put(p + ".rsa", k.publicKey().der()));
        return out;
    }

    /** Keys on disk that were not used since start are replaced too. */
    private void loadEveryStoredKey() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".x25519")) {
                    x25519(name.substring(0, name.length() - ".x25519".length())).destroy();
                } else if (name.endsWith(".rsa")) {
                    rsa(name.substring(0, name.length() - ".rsa".length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list keys in " + dir, e);
        }
    }

    private byte[] load(String file, java.util.function.Supplier<byte[]> generate,
            java.util.function.Consumer<byte[]> check) {
        Path path = dir.resolve(file);
        try {
            if (Files.exists(path)) {
                byte[] bytes = Files.readAllBytes(path);
                try {
                    check.accept(bytes);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("key file " + path + " is not valid (" + e.getMessage()
                            + "); move it away to create a new key");
                }
                return bytes;
            }
            byte[] bytes = generate.get();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            Files.write(tmp, bytes);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep key " + path, e);
        }
    }

    private void delete(String file) {
        try {
            Files.deleteIfExists(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete revoked key " + dir.resolve(file), e);
        }
    }

    private static String requirePurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("key purpose '" + purpose + "' is not [a-z0-9-]{1,32}");
        }
        return purpose;
    }
}
