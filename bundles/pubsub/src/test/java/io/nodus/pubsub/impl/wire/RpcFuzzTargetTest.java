package io.nodus.pubsub.impl.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.pubsub.impl.message.MessageSigner;
import io.nodus.pubsub.impl.proto.RpcProto.ControlGraft;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIHave;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/** 10,000 seeded random and mutated inputs through {@link RpcFuzzTarget}: only typed exceptions. */
class RpcFuzzTargetTest {

    private static final int INPUTS = 10_000;

    private static byte[] frames(RPC... rpcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RPC r : rpcs) {
            out.writeBytes(RpcFrames.frame(r.toByteArray()));
        }
        return out.toByteArray();
    }

    private static List<byte[]> seeds() {
        MessageSigner signer = new MessageSigner(RpcFuzzTarget.SIGNER);
        RPC signed = RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(RpcFuzzTarget.TOPIC))
                .addPublish(signer.sign(RpcFuzzTarget.TOPIC, "hello".getBytes(StandardCharsets.UTF_8))).build();
        RPC control = RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(RpcFuzzTarget.TOPIC))
                .addIhave(ControlIHave.newBuilder().setTopicID(RpcFuzzTarget.TOPIC)
                        .addMessageIDs(signer.sign(RpcFuzzTarget.TOPIC, new byte[0]).getSeqno()))).build();
        return List.of(frames(signed), frames(control), frames(RpcFramesTest.fullRpc()),
                frames(signed, control, signed), frames(RPC.getDefaultInstance()));
    }

    @Test
    void onlyTypedExceptionsForTenThousandInputs() {
        FuzzInputs inputs = new FuzzInputs(20240611L, seeds(), 8192);
        int typed = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = inputs.next();
            try {
                RpcFuzzTarget.fuzz(input);
            } catch (PubSubWireException e) {
                typed++;
            } catch (Throwable t) {
                fail("untyped " + t + " for input " + HexFormat.of().formatHex(input), t);
            }
        }
        assertTrue(typed > INPUTS / 10, "most mutations break the format, got " + typed);
        assertTrue(typed < INPUTS, "some inputs must get through to validation and routing");
    }

    @Test
    void seedsPassWithoutException() throws PubSubWireException {
        for (byte[] seed : seeds()) {
            RpcFuzzTarget.fuzz(seed);
        }
    }
}
