package io.nodus.ml.aggregator.impl;

import java.util.Base64;
import java.util.Optional;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorFormatException;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.UpdateSignature;

/**
 * Checks an update before it may touch the global model: it must be signed by the peer that sent it (its key is
 * inlined in its Ed25519 peer ID), decode under the tensor format's limits, have the global model's exact layout
 * and hold only finite values.
 */
final class UpdateVerifier {

    static final long MAX_SAMPLES = 10_000_000;

    private final NodeIdentity identity;

    UpdateVerifier(NodeIdentity identity) {
        this.identity = identity;
    }

    Contribution verify(PeerId from, MlMessage m, String run, ModelWeights global, int staleness) throws UpdateRejected {
        int version;
        long samples;
        try {
            version = m.intHeader(MlProtocol.VERSION);
            samples = m.longHeader(MlProtocol.SAMPLES);
        } catch (IllegalArgumentException e) {
            throw new UpdateRejected("malformed update: " + e.getMessage());
        }
        if (samples <= 0 || samples > MAX_SAMPLES) {
            throw new UpdateRejected("malformed update: sample count " + samples + " out of range");
        }
        String sig = m.headers().get(MlProtocol.SIGNATURE);
        if (sig == null) {
            throw new UpdateRejected("unsigned update");
        }
        Optional<byte[]> key = from.extractPublicKeyProtobuf();
        if (key.isEmpty()) {
            throw new UpdateRejected("signer key not derivable from peer ID " + from);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new UpdateRejected("bad signature: not base64");
        }
        byte[] signed = UpdateSignature.signedBytes(run, from.toString(), version, samples, m.body());
        boolean valid;
        try {
            valid = identity.verify(key.get(), signed, signature);
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw new UpdateRejected("bad signature");
        }
        ModelWeights delta;
        try {
            delta = TensorCodec.decode(m.body());
        } catch (TensorFormatException e) {
            throw new UpdateRejected("malformed update: " + e.getMessage());
        }
        if (!delta.sameLayout(global)) {
            throw new UpdateRejected("wrong shape: got " + delta.specs() + ", expected " + global.specs());
        }
        float[] v = delta.values();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new UpdateRejected("non-finite value " + v[i] + " at index " + i);
            }
        }
        return new Contribution(from.toString(), v, samples, staleness);
    }
}
