package io.nodus.transport.impl.yamux;

import io.netty.channel.CombinedChannelDuplexHandler;

/** The yamux framing layer: {@link YamuxFrameDecoder} inbound, {@link YamuxFrameEncoder} outbound. */
public final class YamuxFrameCodec extends CombinedChannelDuplexHandler<YamuxFrameDecoder, YamuxFrameEncoder> {

    public YamuxFrameCodec(int maxFramePayload) {
        super(new YamuxFrameDecoder(maxFramePayload), new YamuxFrameEncoder());
    }
}
