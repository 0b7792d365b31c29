package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorSpec;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.UpdateSignature;
import io.nodus.testkit.TestIdentity;

class UpdateVerifierTest {

    static final List<TensorSpec> LAYOUT = List.of(new TensorSpec("w", 2, 2), new TensorSpec("b", 2));
    final ModelWeights global = new ModelWeights(LAYOUT, new float[6]);
    final TestIdentity aggregator = new TestIdentity();
    final TestIdentity worker = new TestIdentity();
    final UpdateVerifier verifier = new UpdateVerifier(aggregator);

    MlMessage update(TestIdentity signer, byte[] body, boolean sign) {
        Map<String, String> h = new HashMap<>(Map.of(MlProtocol.RUN, "r1", MlProtocol.VERSION, "3", MlProtocol.SAMPLES, "100"));
        if (sign) {
            byte[] sig = signer.sign(UpdateSignature.signedBytes("r1", signer.peerId().toString(), 3, 100, body));
            h.put(MlProtocol.SIGNATURE, Base64.getEncoder().encodeToString(sig));
        }
        return new MlMessage(MlOperation.SUBMIT_GRADIENT, h, body);
    }

    byte[] body(float... v) {
        return TensorCodec.encode(new ModelWeights(LAYOUT, v), Compression.NONE);
    }

    String reason(MlMessage m) {
        return assertThrows(UpdateRejected.class, () -> verifier.verify(worker.peerId(), m, "r1", global, 0)).getMessage();
    }

    @Test
    void aSignedWellFormedUpdateBecomesAContribution() throws UpdateRejected {
        Contribution c = verifier.verify(worker.peerId(), update(worker, body(1, 2, 3, 4, 5, 6), true), "r1", global, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.delta());
        assertEquals(100, c.samples());
        assertEquals(2, c.staleness());
        assertEquals(worker.peerId().toString(), c.client());
    }

    @Test
    void everyDefectHasItsReason() {
        assertEquals("unsigned update", reason(update(worker, body(1, 2, 3, 4, 5, 6), false)));
        assertEquals("bad signature", reason(update(new TestIdentity(), body(1, 2, 3, 4, 5, 6), true)), "signed by someone else");
        MlMessage good = update(worker, body(1, 2, 3, 4, 5, 6), true);
        assertEquals("bad signature", assertThrows(UpdateRejected.class,
                () -> verifier.verify(worker.peerId(), good, "another-run", global, 0)).getMessage(), "replayed into another run");
        assertTrue(reason(update(worker, body(1, Float.NaN, 3, 4, 5, 6), true)).startsWith("non-finite value NaN at index 1"));
        assertTrue(reason(update(worker, body(1, 2, 3, 4, 5, Float.POSITIVE_INFINITY), true)).startsWith("non-finite value Infinity"));
        byte[] wrong = TensorCodec.encode(new ModelWeights(List.of(new TensorSpec("w", 3)), new float[3]), Compression.NONE);
        assertTrue(reason(update(worker, wrong, true)).startsWith("wrong shape: got [w[3]]"));
        assertTrue(reason(update(worker, "garbage".getBytes(), true)).startsWith("malformed update: "));
        Map<String, String> h = new HashMap<>(good.headers());
        h.put(MlProtocol.SAMPLES, "-5");
        assertTrue(reason(new MlMessage(MlOperation.SUBMIT_GRADIENT, h, good.body())).contains("sample count"));
    }
}
