package io.nodus.crypto.symmetric.impl;

import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ids of handed-over session states this provider already resumed. Resuming one state twice would make two sessions
 * seal with the same keys and counters, i.e. reuse nonces; the second attempt is refused.
 */
final class ConsumedHandovers {

    static final int MAX_REMEMBERED = 4096;

    private final Set<ByteBuffer> ids = new LinkedHashSet<>();

    synchronized boolean consume(byte[] id) {
        if (!ids.add(ByteBuffer.wrap(id.clone()))) {
            return false;
        }
        if (ids.size() > MAX_REMEMBERED) {
            ids.remove(ids.iterator().next());
        }
        return true;
    }
}
