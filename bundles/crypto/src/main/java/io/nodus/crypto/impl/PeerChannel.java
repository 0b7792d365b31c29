package io.nodus.crypto.impl;

import java.io.IOException;
import java.time.Duration;

import io.nodus.api.identity.PeerId;

/** One request and its reply with a peer over {@code /nodus/crypto/1.0.0}. */
interface PeerChannel {

    /**
     * Sends {@code request} to {@code peer} and returns its reply.
     *
     * @throws IOException when the peer cannot be reached, closes without a reply, or {@code timeout} passes
     */
    byte[] request(PeerId peer, byte[] request, Duration timeout) throws IOException;
}
