package io.nodus.ml.core.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a worker signs for one update: a domain tag, the run, the worker's peer ID, the base version, the sample
 * count and the SHA-256 of the encoded update, so a signature cannot be replayed for another run, round, sender
 * or body.
 */
public final class UpdateSignature {

    static final String DOMAIN = "nodus-ml-update-v1";

    private UpdateSignature() {
    }

    public static byte[] signedBytes(String run, String worker, int baseVersion, long samples, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : new String[] {DOMAIN, run, worker, Integer.toString(baseVersion), Long.toString(samples)}) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            b.write(u.length >>> 8);
            b.write(u.length);
            b.writeBytes(u);
        }
        b.writeBytes(MlFraming.sha256(body));
        return b.toByteArray();
    }
}
