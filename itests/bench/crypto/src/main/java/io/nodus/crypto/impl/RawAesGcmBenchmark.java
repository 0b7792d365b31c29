package io.nodus.crypto.impl;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The floor: JCA AES-256-GCM seal then open, in 64 KiB calls, no framing, no session, no signature. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawAesGcmBenchmark {

    static final int CHUNK = 64 * 1024;

    @Param({"1024", "1048576"})
    public int size;

    private SecretKeySpec key;
    private Cipher seal;
    private Cipher open;
    private byte[] payload;
    private byte[] sealed;
    private byte[] opened;
    private long counter;

    @Setup
    public void setUp() throws Exception {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, "AES");
        seal = Cipher.getInstance("AES/GCM/NoPadding");
        open = Cipher.getInstance("AES/GCM/NoPadding");
        payload = new byte[size];
        new SecureRandom().nextBytes(payload);
        sealed = new byte[size + (size / CHUNK + 1) * 16];
        opened = new byte[size];
    }

    @Benchmark
    public byte[] sealAndOpen() throws Exception {
        long message = counter++;
        int in = 0;
        int out = 0;
        int chunk = 0;
        do {
            int len = Math.min(CHUNK, size - in);
            GCMParameterSpec iv = new GCMParameterSpec(128, nonce(chunk++, message));
            seal.init(Cipher.ENCRYPT_MODE, key, iv);
            int n = seal.doFinal(payload, in, len, sealed, out);
            open.init(Cipher.DECRYPT_MODE, key, iv);
            open.doFinal(sealed, out, n, opened, in);
            in += len;
            out += n;
        } while (in < size);
        return opened;
    }

    private static byte[] nonce(int chunk, long message) {
        byte[] n = new byte[12];
        for (int i = 0; i < 4; i++) {
            n[i] = (byte) (chunk >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (message >>> (56 - 8 * i));
        }
        return n;
    }
}
