package io.nodus.crypto.impl;

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
import io.nodus.api.crypto.SessionInfo;

/**
 * One full key exchange (InitiateKeyExchange + AcceptKeyExchange, both signed and verified, mode contributions,
 * transcript, session install on both nodes), in memory: the CPU cost without the network round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyExchangeBenchmark {

    @Param({"none", "symmetric", "asymmetric-hpke", "asymmetric-rsa"})
    public String mode;

    private TestNetwork net;
    private TestNode a;
    private TestNode b;

    @Setup(Level.Trial)
    public void setUp() throws CryptoException {
        net = new TestNetwork();
        a = net.node("a");
        b = net.node("b");
        for (TestNode n : new TestNode[] {a, b}) {
            n.addMode(SealOpenBenchmark.provider(mode, n));
            n.configure(java.util.Map.of("encryption.mode", mode.startsWith("asymmetric") ? "asymmetric" : mode,
                    "encryption.allowed", ""));
        }
        a.service().establish(b.peerId()); // static keys created outside the measurement
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public SessionInfo exchange() throws CryptoException {
        return a.service().establish(b.peerId());
    }
}
