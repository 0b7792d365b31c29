package io.nodus.transport.impl.noise;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the libp2p Noise handshake payload decoder (protobuf, identity key,
 * signature over the static key). Only a {@link NoiseException} may come out; anything else is a finding and
 * fails the build. Seeds (payloads signed over {@link NoisePayloadFuzzTarget#staticKey()}):
 * {@code NoisePayloadFuzzTestInputs/payloadDecoder/}.
 */
class NoisePayloadFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void payloadDecoder(byte[] data) {
        try {
            NoisePayloadFuzzTarget.fuzzerTestOneInput(data);
        } catch (NoiseException expected) {
            // a typed handshake failure: the connection would be closed
        }
    }
}
