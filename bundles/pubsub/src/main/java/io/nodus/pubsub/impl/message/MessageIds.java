package io.nodus.pubsub.impl.message;

import com.google.protobuf.ByteString;

import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * The default message id of the pubsub spec ("Message Identification", origin-stamped messaging): the
 * concatenation of {@code from} and {@code seqno}. js-libp2p gossipsub uses key + seqno instead, so its IHAVE ids
 * do not match ours; mesh forwarding and flood publishing are unaffected, gossip with it only costs duplicates.
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static ByteString of(Message m) {
        return m.getFrom().concat(m.getSeqno());
    }
}
