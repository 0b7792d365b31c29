package io.nodus.crypto.impl;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.asymmetric.impl.AsymmetricMode;
import io.nodus.crypto.none.impl.SignedOnlyMode;
import io.nodus.crypto.symmetric.impl.SymmetricMode;

/** One seal by node a and one open by node b through the encryption service, per mode and payload size. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealOpenBenchmark {

    static final byte[] AAD = "bench".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Param({"none", "symmetric", "asymmetric-hpke", "asymmetric-rsa"})
    public String mode;

    @Param({"1024", "1048576"})
    public int size;

    private TestNetwork net;
    private TestNode a;
    private TestNode b;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() throws CryptoException {
        net = new TestNetwork();
        a = net.node("a");
        b = net.node("b");
        for (TestNode n : new TestNode[] {a, b}) {
            n.addMode(provider(mode, n));
            n.configure(java.util.Map.of("encryption.mode", mode.startsWith("asymmetric") ? "asymmetric" : mode,
                    "encryption.allowed", ""));
        }
        payload = new byte[size];
        new SecureRandom().nextBytes(payload);
        a.service().establish(b.peerId());
    }

    static EncryptionMode provider(String mode, TestNode n) {
        return switch (mode) {
            case "none" -> new SignedOnlyMode();
            case "symmetric" -> new SymmetricMode();
            case "asymmetric-hpke" -> AsymmetricMode.withKeys(n.staticKeys(), "x25519");
            case "asymmetric-rsa" -> AsymmetricMode.withKeys(n.staticKeys(), "rsa");
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public byte[] sealAndOpen() throws CryptoException {
        PeerId to = b.peerId();
        byte[] sealed = a.service().seal(to, payload, AAD);
        return b.service().open(a.peerId(), sealed, AAD);
    }
}
