package io.nodus.pubsub.impl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.nodus.api.pubsub.PubSubMessage;

/** The last {@code capacity} messages a shell subscription received, as printable lines. Thread-safe. */
final class TopicLog {

    /** Characters of a message shown; the rest is cut. */
    static final int MAX_SHOWN = 200;

    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long received;

    TopicLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(PubSubMessage m) {
        received++;
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(Instant.now().truncatedTo(ChronoUnit.MILLIS) + "  " + m.from() + "  #" + Long.toUnsignedString(
                m.seqno()) + "  " + text(m.data()));
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    synchronized long received() {
        return received;
    }

    /** UTF-8 text without control characters, else hex. */
    static String text(byte[] data) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            s = null;
        }
        if (s == null || s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            String hex = HexFormat.of().formatHex(data);
            return "hex:" + (hex.length() > MAX_SHOWN ? hex.substring(0, MAX_SHOWN) + "..." : hex);
        }
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
    }
}
