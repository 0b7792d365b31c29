package io.nodus.pubsub.impl.wire;

import com.google.protobuf.InvalidProtocolBufferException;

import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/** Frame payload to {@link RPC}; anything protobuf cannot parse is a {@link PubSubWireException}. */
public final class RpcDecoder {

    private RpcDecoder() {
    }

    public static RPC decode(byte[] frame) throws PubSubWireException {
        try {
            return RPC.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new PubSubWireException("malformed RPC protobuf: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // protobuf-java signals a few malformed inputs (e.g. deep nesting) with unchecked exceptions
            throw new PubSubWireException("malformed RPC protobuf: " + e, e);
        }
    }
}
